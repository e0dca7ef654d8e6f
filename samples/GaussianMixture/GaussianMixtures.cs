using System;
using System.Linq;

namespace GaussianMixture
{
    /// <summary>
    /// The standard GAN mode-coverage benchmarks (VEEGAN 2017, PacGAN 2018): equal-weight 2-D Gaussian
    /// mixtures, scored by how many modes the generated samples cover and the share of "high quality"
    /// samples within 3 std of some centre. Shared by the sample and the benchmark program.
    /// </summary>
    internal sealed class GaussianMixtures
    {
        private GaussianMixtures(string name, (double X, double Y)[] centres, double std, double extent)
        {
            Name = name;
            Centres = centres;
            Std = std;
            Extent = extent;
        }

        /// <summary>8 Gaussians on a circle of radius 2, std 0.02.</summary>
        public static GaussianMixtures Ring { get; } = new("ring",
            Enumerable.Range(0, 8).Select(k => (2 * Math.Cos(2 * Math.PI * k / 8), 2 * Math.Sin(2 * Math.PI * k / 8))).ToArray(),
            std: 0.02, extent: 3);

        /// <summary>25 Gaussians with centres on {-4, -2, 0, 2, 4}^2, std 0.05.</summary>
        public static GaussianMixtures Grid { get; } = new("grid",
            (from x in new[] { -4, -2, 0, 2, 4 } from y in new[] { -4, -2, 0, 2, 4 } select ((double)x, (double)y)).ToArray(),
            std: 0.05, extent: 5.5);

        public string Name { get; }
        public (double X, double Y)[] Centres { get; }
        public double Std { get; }

        /// <summary>Half-width of a plot that shows every mode.</summary>
        public double Extent { get; }

        public int Modes => Centres.Length;

        /// <summary>Training data: <paramref name="count"/> points, cycling through the modes, from a fixed seed.</summary>
        public float[][] Sample(int count, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, count).Select(i =>
            {
                var (cx, cy) = Centres[i % Modes];
                return new[] { (float)(cx + Std * Normal(rng)), (float)(cy + Std * Normal(rng)) };
            }).ToArray();
        }

        /// <summary>
        /// Modes covered (at least <paramref name="minPerMode"/> samples within 3 std of the centre) and the
        /// share of samples within 3 std of any centre.
        /// </summary>
        public (int ModesCovered, double HighQualityShare) Score(float[][] samples, int minPerMode)
        {
            var perMode = new int[Modes];
            int good = 0;
            foreach (var p in samples)
            {
                int k = Nearest(p);
                double dx = p[0] - Centres[k].X, dy = p[1] - Centres[k].Y;
                if (Math.Sqrt(dx * dx + dy * dy) <= 3 * Std)
                {
                    perMode[k]++;
                    good++;
                }
            }
            return (perMode.Count(c => c >= minPerMode), (double)good / samples.Length);
        }

        private int Nearest(float[] p)
        {
            int best = 0;
            double bestDistance = double.MaxValue;
            for (int k = 0; k < Modes; k++)
            {
                double dx = p[0] - Centres[k].X, dy = p[1] - Centres[k].Y, d = dx * dx + dy * dy;
                if (d < bestDistance)
                    (best, bestDistance) = (k, d);
            }
            return best;
        }

        private static double Normal(Random rng) =>
            Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
    }
}
