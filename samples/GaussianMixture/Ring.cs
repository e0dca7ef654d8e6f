using System;
using System.Linq;

namespace GaussianMixture
{
    /// <summary>The standard GAN benchmark: 8 Gaussians on a circle (radius 2, std 0.02), equal weights.</summary>
    internal static class Ring
    {
        public const int Modes = 8;
        public const double Radius = 2.0;
        public const double Std = 0.02;

        public static (double X, double Y)[] Centres { get; } = Enumerable.Range(0, Modes)
            .Select(k => (Radius * Math.Cos(2 * Math.PI * k / Modes), Radius * Math.Sin(2 * Math.PI * k / Modes)))
            .ToArray();

        /// <summary>The training data: <paramref name="count"/> points drawn with a fixed seed.</summary>
        public static float[][] Sample(int count, int seed)
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
        /// share of samples within 3 std of any centre ("high quality" samples, as in VEEGAN and PacGAN).
        /// </summary>
        public static (int ModesCovered, double HighQualityShare) Score(float[][] samples, int minPerMode)
        {
            var perMode = new int[Modes];
            int good = 0;
            foreach (var p in samples)
            {
                for (int k = 0; k < Modes; k++)
                {
                    double dx = p[0] - Centres[k].X, dy = p[1] - Centres[k].Y;
                    if (Math.Sqrt(dx * dx + dy * dy) <= 3 * Std)
                    {
                        perMode[k]++;
                        good++;
                        break;
                    }
                }
            }
            return (perMode.Count(c => c >= minPerMode), (double)good / samples.Length);
        }

        private static double Normal(Random rng) =>
            Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
    }
}
