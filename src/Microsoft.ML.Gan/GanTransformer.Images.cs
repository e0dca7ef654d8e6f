using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    public sealed partial class GanTransformer
    {
        /// <summary>
        /// Writes a PNG grid of generated images: for a conditional model one row per class (captioned with the
        /// class value), <paramref name="columns"/> samples each; otherwise <paramref name="rows"/> rows. The same
        /// seed gives the same picture, so grids written after each epoch show the same noise evolve. Pixels are
        /// drawn over the training data's value range. Needs image-shaped features. Like <see cref="GanReport"/>'s
        /// methods it takes the PNG file's path first after what it draws (here, the model), then optional settings.
        /// </summary>
        /// <param name="pngPath">The PNG file to write (replaced if it exists; its folder is created).</param>
        /// <param name="columns">Images per grid row, 1 to 256.</param>
        /// <param name="rows">Grid rows of an unconditional model, 1 to 256 (a conditional model has one per class).</param>
        /// <param name="seed">Seeds the generated images; null uses <see cref="Seed"/>.</param>
        /// <param name="zoom">Screen pixels per image pixel, 1 to 16.</param>
        public void SaveImageGrid(string pngPath, int columns = 10, int rows = 10, int? seed = null, int zoom = 2)
        {
            ThrowIfDisposed();
            ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
            _host.CheckParam(columns >= 1 && columns <= 256, nameof(columns), $"columns must be 1 to 256; it was {columns}.");
            _host.CheckParam(rows >= 1 && rows <= 256, nameof(rows), $"rows must be 1 to 256; it was {rows}.");
            var dims = Decoder.OutputType.Dimensions;
            if (dims.Length != 3)
                throw _host.ExceptNotSupp($"Column '{FeatureColumnName}' is {Decoder.OutputType}, not an image (Vector<Single, C, H, W>); there is no grid to draw.");
            var shape = new ImageShape(dims[0], dims[1], dims[2]);
            int s = seed ?? Seed;
            var grid = new List<(string?, IReadOnlyList<float[]>)>();
            if (Decoder.Classes is { } classes)
            {
                foreach (var label in classes.Values)
                    grid.Add((label, Samples(Generate(columns, s, label))));
            }
            else
            {
                var all = Samples(Generate(columns * rows, s));
                grid.AddRange(all.Chunk(columns).Select(c => ((string?)null, (IReadOnlyList<float[]>)c)));
            }
            var (min, max) = PixelRange();
            GanReport.SaveImageGrid(grid, shape, pngPath, min, max, zoom);
        }

        private List<float[]> Samples(IDataView generated)
        {
            var column = generated.Schema[OutputColumnName];
            var samples = new List<float[]>();
            using var cursor = generated.GetRowCursor(new[] { column });
            var get = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                get(ref value);
                samples.Add(value.DenseValues().ToArray());
            }
            return samples;
        }

        // The training data's range: exact for DCGAN's one affine map; for per-slot scaling, the widest slot's mean +- 2 std.
        private (float Min, float Max) PixelRange()
        {
            var scaler = Decoder.Scaler;
            float min = float.MaxValue, max = float.MinValue;
            float reach = Model.Spec.Architecture == GanArchitecture.Dcgan ? 1f : 2f;
            for (int i = 0; i < scaler.Size; i++)
            {
                min = Math.Min(min, scaler.Offset[i] - reach * scaler.Scale[i]);
                max = Math.Max(max, scaler.Offset[i] + reach * scaler.Scale[i]);
            }
            return (min, max);
        }
    }
}
