using System;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// Per-slot mean, population variance, minimum and maximum of float rows, accumulated a chunk at a time in
    /// double: the scaler's statistics in one streaming pass with no wide copy of the data. Each chunk's mean and
    /// squared deviations are exact two-pass sums; chunks merge with Chan et al.'s pairwise update, so large
    /// offsets do not cost precision.
    /// </summary>
    internal sealed class SlotMoments
    {
        private readonly double[] _mean;
        private readonly double[] _m2;
        private readonly float[] _min;
        private readonly float[] _max;
        private readonly double[] _chunkMean;
        private readonly double[] _chunkM2;
        private readonly float[] _chunkMin;
        private readonly float[] _chunkMax;

        public SlotMoments(int size)
        {
            Size = size;
            _mean = new double[size];
            _m2 = new double[size];
            _min = new float[size];
            _max = new float[size];
            _chunkMean = new double[size];
            _chunkM2 = new double[size];
            _chunkMin = new float[size];
            _chunkMax = new float[size];
        }

        public int Size { get; }

        /// <summary>Rows added so far.</summary>
        public long Rows { get; private set; }

        /// <summary>Adds <paramref name="rows"/> rows, row-major, <see cref="Size"/> values each (finite: callers check).</summary>
        public void Add(ReadOnlySpan<float> values, int rows)
        {
            if (rows == 0)
                return;
            int size = Size;
            values = values[..(rows * size)];
            Array.Clear(_chunkMean);
            Array.Clear(_chunkM2);
            values[..size].CopyTo(_chunkMin);
            values[..size].CopyTo(_chunkMax);
            for (int i = 0; i < rows; i++)
            {
                var row = values.Slice(i * size, size);
                for (int j = 0; j < size; j++)
                {
                    float v = row[j];
                    _chunkMean[j] += v;
                    if (v < _chunkMin[j])
                        _chunkMin[j] = v;
                    if (v > _chunkMax[j])
                        _chunkMax[j] = v;
                }
            }
            for (int j = 0; j < size; j++)
                _chunkMean[j] /= rows;
            for (int i = 0; i < rows; i++)
            {
                var row = values.Slice(i * size, size);
                for (int j = 0; j < size; j++)
                {
                    double d = row[j] - _chunkMean[j];
                    _chunkM2[j] += d * d;
                }
            }

            long count = Rows;
            long total = count + rows;
            for (int j = 0; j < size; j++)
            {
                double delta = _chunkMean[j] - _mean[j];
                _mean[j] += delta * rows / total;
                _m2[j] += _chunkM2[j] + delta * delta * count * rows / total;
                _min[j] = count == 0 ? _chunkMin[j] : Math.Min(_min[j], _chunkMin[j]);
                _max[j] = count == 0 ? _chunkMax[j] : Math.Max(_max[j], _chunkMax[j]);
            }
            Rows = total;
        }

        /// <summary>Per-slot standardisation; a slot whose minimum equals its maximum is constant (offset the constant, scale 0).</summary>
        public FeatureScaler Standardiser()
        {
            RequireRows();
            var offset = new float[Size];
            var scale = new float[Size];
            for (int j = 0; j < Size; j++)
            {
                double std = Math.Sqrt(_m2[j] / Rows);
                // min == max is the exact test for a constant slot; std could be a rounding residue.
                bool constant = _min[j] == _max[j] || !(std > 0);
                offset[j] = constant ? _min[j] : (float)_mean[j];
                scale[j] = constant ? 0f : (float)Math.Min(std, float.MaxValue);
            }
            return new FeatureScaler(offset, scale);
        }

        /// <summary>One affine map for all slots from the data's [min, max] to [-1, 1] (what a tanh output covers).</summary>
        public FeatureScaler Range()
        {
            RequireRows();
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int j = 0; j < Size; j++)
            {
                min = Math.Min(min, _min[j]);
                max = Math.Max(max, _max[j]);
            }
            var offset = new float[Size];
            var scale = new float[Size];
            Array.Fill(offset, (float)((max + min) / 2));
            Array.Fill(scale, (float)((max - min) / 2));
            return new FeatureScaler(offset, scale);
        }

        private void RequireRows()
        {
            if (Rows == 0)
                throw new InvalidOperationException("No rows were added: there are no statistics to scale by.");
        }
    }
}
