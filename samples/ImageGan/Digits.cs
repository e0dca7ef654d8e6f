using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ImageGan
{
    /// <summary>A 28x28 grey image as ExtractPixels would give it (Vector&lt;Single, 1, 28, 28&gt;, 0 to 255) and its class.</summary>
    internal sealed class DigitRow
    {
        public float[] Pixels = Array.Empty<float>();
        public string Label = "";
    }

    /// <summary>The bundled digits (data/digits.txt) and, when installed, Debian's Fashion-MNIST.</summary>
    internal static class Digits
    {
        public const int Side = 28;
        public const string FashionFolder = "/usr/share/datasets/fashion-mnist";
        private static readonly string[] FashionNames =
            { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

        /// <summary>The bundled digits: each line a label and 784 hex pixels (0 to f), row by row.</summary>
        public static List<DigitRow> LoadBundled(string path) =>
            File.ReadLines(path).Select(line => new DigitRow
            {
                Label = line[..1],
                Pixels = line[2..].Select(c => Convert.ToInt32(c.ToString(), 16) * 17f).ToArray(),
            }).ToList();

        /// <summary>Fashion-MNIST's training set in its IDX files (gzipped), as Debian's dataset-fashion-mnist installs them.</summary>
        public static List<DigitRow> LoadFashion(string folder)
        {
            string images = FindFile(folder, "train-images-idx3-ubyte"), labels = FindFile(folder, "train-labels-idx1-ubyte");
            byte[] pixels = ReadIdx(images, 16), classes = ReadIdx(labels, 8);
            return Enumerable.Range(0, classes.Length).Select(i => new DigitRow
            {
                Label = FashionNames[classes[i]],
                Pixels = pixels.AsSpan(i * Side * Side, Side * Side).ToArray().Select(b => (float)b).ToArray(),
            }).ToList();
        }

        public static IDataView ToDataView(MLContext ml, IEnumerable<DigitRow> rows)
        {
            var schema = SchemaDefinition.Create(typeof(DigitRow));
            schema[nameof(DigitRow.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, Side, Side);
            return ml.Data.LoadFromEnumerable(rows, schema);
        }

        /// <summary>A fixed split: the first <paramref name="testPerClass"/> of each class held out.</summary>
        public static (List<DigitRow> Train, List<DigitRow> Test) Split(List<DigitRow> rows, int testPerClass)
        {
            var test = rows.GroupBy(r => r.Label).SelectMany(g => g.Take(testPerClass)).ToHashSet();
            return (rows.Where(r => !test.Contains(r)).ToList(), test.ToList());
        }

        private static string FindFile(string folder, string stem) =>
            Directory.EnumerateFiles(folder, stem + "*", SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new FileNotFoundException($"No {stem}* under {folder}; install Debian's dataset-fashion-mnist.");

        private static byte[] ReadIdx(string path, int header)
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz") ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray()[header..];
        }
    }
}
