using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Reporting;

namespace Microsoft.ML.Gan
{
    public static partial class GanReport
    {
        /// <summary>
        /// Writes the images of <paramref name="columnName"/> (a Vector&lt;Single, C, H, W&gt; such as ExtractPixels
        /// writes or a GAN generates) as one PNG grid. With <paramref name="labelColumnName"/>, one row per label
        /// value (in key order, captioned) with up to <paramref name="columns"/> images each; otherwise rows of
        /// <paramref name="columns"/> images, at most <paramref name="maxImages"/>.
        /// </summary>
        /// <param name="data">The rows to draw.</param>
        /// <param name="columnName">The image column.</param>
        /// <param name="pngPath">The PNG file to write (replaced if it exists; written to a temporary name, then moved).</param>
        /// <param name="columns">Images per grid row, at least 1.</param>
        /// <param name="maxImages">Most images drawn without a label column.</param>
        /// <param name="labelColumnName">A label column (key, text, Boolean or number) for one row per label, or null.</param>
        /// <param name="minValue">Pixel value drawn black (ExtractPixels' default scale: 0).</param>
        /// <param name="maxValue">Pixel value drawn white (ExtractPixels' default scale: 255).</param>
        /// <param name="zoom">Screen pixels per image pixel, 1 to 16.</param>
        public static void SaveImageGrid(IDataView data, string columnName, string pngPath, int columns = 10, int maxImages = 100,
            string? labelColumnName = null, float minValue = 0, float maxValue = 255, int zoom = 2)
        {
            ArgumentNullException.ThrowIfNull(data);
            ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
            ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(maxImages, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(zoom, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(zoom, 16);
            var shape = ImageColumn(data.Schema, columnName);
            var rows = labelColumnName is null
                ? ReadImages(data, columnName, maxImages).Chunk(columns).Select(c => ((string?)null, (IReadOnlyList<float[]>)c)).ToList()
                : ReadByLabel(data, columnName, labelColumnName, columns);
            if (rows.Count == 0)
                throw new ArgumentException($"Column '{columnName}' has no rows to draw.", nameof(data));
            SaveImageGrid(rows, shape, pngPath, minValue, maxValue, zoom);
        }

        internal static void SaveImageGrid(IReadOnlyList<(string? Caption, IReadOnlyList<float[]> Images)> rows, ImageShape shape,
            string pngPath, float minValue, float maxValue, int zoom)
        {
            using var bitmap = ImageGrid.Render(rows, shape, minValue, maxValue, zoom);
            PngFile.Write(bitmap, pngPath);
        }

        private static ImageShape ImageColumn(DataViewSchema schema, string name)
        {
            var column = schema.GetColumnOrNull(name) ?? throw new ArgumentException($"The data has no column '{name}'.", nameof(name));
            if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType } vt || vt.ItemType != NumberDataViewType.Single
                || vt.Dimensions.Length != 3)
                throw new ArgumentException(
                    $"Column '{name}' is {column.Type}; an image grid needs Vector<Single, C, H, W> (planar images, as ExtractPixels writes).", nameof(name));
            return new ImageShape(vt.Dimensions[0], vt.Dimensions[1], vt.Dimensions[2]);
        }

        private static List<float[]> ReadImages(IDataView data, string name, int max)
        {
            var column = data.Schema[name];
            var images = new List<float[]>();
            using var cursor = data.GetRowCursor(new[] { column });
            var get = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> value = default;
            while (images.Count < max && cursor.MoveNext())
            {
                get(ref value);
                images.Add(value.DenseValues().ToArray());
            }
            return images;
        }

        private static List<(string?, IReadOnlyList<float[]>)> ReadByLabel(IDataView data, string name, string labelName, int perLabel)
        {
            var column = data.Schema[name];
            var label = data.Schema.GetColumnOrNull(labelName) ?? throw new ArgumentException($"The data has no column '{labelName}'.", nameof(labelName));
            var byLabel = new SortedDictionary<string, List<float[]>>(StringComparer.Ordinal);
            using var cursor = data.GetRowCursor(new[] { column, label });
            var get = cursor.GetGetter<VBuffer<float>>(column);
            var getLabel = LabelValues.Getter(cursor, label);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                string key = getLabel() ?? "?";
                if (!byLabel.TryGetValue(key, out var list))
                {
                    byLabel[key] = list = new List<float[]>();
                }
                if (list.Count >= perLabel)
                    continue;
                get(ref value);
                list.Add(value.DenseValues().ToArray());
            }
            return byLabel.Select(kv => ((string?)kv.Key, (IReadOnlyList<float[]>)kv.Value)).ToList();
        }
    }
}
