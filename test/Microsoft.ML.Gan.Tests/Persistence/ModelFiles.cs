using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Tests.Persistence
{
    /// <summary>Saved model files as bytes, and ways to damage them, for the damaged- and hostile-file tests.</summary>
    internal static class ModelFiles
    {
        /// <summary>What loading a damaged file did.</summary>
        public enum Outcome { Refused, RefusedByMlNet, Harmless, Silent }

        /// <summary>
        /// The tabular tests' tiny options with one 16-unit layer per network and the default normal scores (so that files
        /// hold each column's quantiles): for files and checkpoints, not learning.
        /// </summary>
        public static TabularGanEstimator.Options SmallestTabular(int epochs = 1)
        {
            var o = Tabular.TabularGanTests.Tiny(epochs);
            o.NumericEncoding = NumericEncoding.NormalScores;
            o.GeneratorHiddenLayers = new[] { 16 };
            o.DiscriminatorHiddenLayers = new[] { 16 };
            return o;
        }

        public static byte[] Save(MLContext ml, ITransformer model, DataViewSchema schema)
        {
            using var stream = new MemoryStream();
            ml.Model.Save(model, schema, stream);
            return stream.ToArray();
        }

        public static ITransformer Load(byte[] file) => new MLContext(1).Model.Load(new MemoryStream(file, writable: false), out _);

        /// <summary>
        /// Loads <paramref name="file"/>: refused (an <see cref="InvalidDataException"/> or ML.NET's
        /// <see cref="FormatException"/>, possibly inside the <see cref="TargetInvocationException"/> of ML.NET's
        /// reflection call), refused by ML.NET before this library's loader ran (ML.NET's own header, loader assembly
        /// name and schema entry raise other types too), harmless (<paramref name="rows"/> of the loaded model equal
        /// <paramref name="expected"/>) or silent. Any other exception, from this library's code, propagates.
        /// </summary>
        public static Outcome TryLoad(byte[] file, Func<ITransformer, string> rows, string expected)
        {
            ITransformer loaded;
            try
            {
                loaded = Load(file);
            }
            catch (Exception ex) when (IsRefusal(ex))
            {
                return Outcome.Refused;
            }
            catch (Exception ex) when (!RanLibraryCode(ex))
            {
                return Outcome.RefusedByMlNet;
            }
            try
            {
                return rows(loaded) == expected ? Outcome.Harmless : Outcome.Silent;
            }
            finally
            {
                (loaded as IDisposable)?.Dispose();
            }
        }

        /// <summary>
        /// An InvalidDataException or FormatException, possibly wrapped by ML.NET (its reflection call gives a
        /// TargetInvocationException, which it sometimes wraps again in "Error during class instantiation").
        /// </summary>
        public static bool IsRefusal(Exception? ex)
        {
            for (; ex is not null; ex = ex.InnerException)
            {
                if (ex is InvalidDataException or FormatException)
                    return true;
                if (ex is not (TargetInvocationException or InvalidOperationException))
                    return false;
            }
            return false;
        }

        /// <summary>Whether any exception in the chain passed through Microsoft.ML.Gan's own code.</summary>
        private static bool RanLibraryCode(Exception? ex)
        {
            var library = typeof(GanTransformer).Assembly;
            for (; ex is not null; ex = ex.InnerException)
            {
                if (new System.Diagnostics.StackTrace(ex).GetFrames().Any(f => f.GetMethod()?.DeclaringType?.Assembly == library))
                    return true;
            }
            return false;
        }

        public static string[] EntryNames(byte[] zip)
        {
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            return archive.Entries.Select(e => e.FullName).ToArray();
        }

        public static byte[] ReadEntry(byte[] zip, string fullName)
        {
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            using var stream = archive.GetEntry(fullName)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        /// <summary>A copy of <paramref name="zip"/> with one entry (by full name, or by file name when unique) changed.</summary>
        public static byte[] ReplaceEntry(byte[] zip, string name, Func<byte[], byte[]> change)
        {
            var stream = new MemoryStream();
            stream.Write(zip);
            using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
            {
                var entry = archive.GetEntry(name) ?? archive.Entries.Single(e => e.Name == name);
                using var content = entry.Open();
                var bytes = new byte[content.Length];
                content.ReadExactly(bytes);
                byte[] changed = change(bytes);
                content.SetLength(0);
                content.Write(changed);
            }
            return stream.ToArray();
        }

        /// <summary>The payload inside a checksummed entry.</summary>
        public static byte[] Unwrap(byte[] blob) => ChecksummedBlob.Read(new BinaryReader(new MemoryStream(blob)), "test entry");

        public static byte[] Wrap(byte[] payload)
        {
            var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream))
                ChecksummedBlob.Write(writer, payload);
            return stream.ToArray();
        }

        /// <summary>Changes the payload inside a checksummed entry and re-wraps it, so that its checksum stays valid.</summary>
        public static byte[] ReplacePayload(byte[] zip, string entry, Func<byte[], byte[]> change) =>
            ReplaceEntry(zip, entry, blob => Wrap(change(Unwrap(blob))));

        /// <summary>Every row of a view, all columns, as one string: equal strings, equal rows.</summary>
        public static string Rows(IDataView view, int count)
        {
            var text = new StringBuilder();
            foreach (var row in view.Preview(count).RowView)
            {
                foreach (var value in row.Values)
                    text.Append(value.Key).Append('=').Append(Format(value.Value)).Append(';');
                text.Append('\n');
            }
            return text.ToString();
        }

        private static string Format(object value) => value switch
        {
            Microsoft.ML.Data.VBuffer<float> v => string.Join(",", v.DenseValues().Select(f => BitConverter.SingleToInt32Bits(f).ToString("x8"))),
            float f => BitConverter.SingleToInt32Bits(f).ToString("x8"),
            double d => BitConverter.DoubleToInt64Bits(d).ToString("x16"),
            _ => value?.ToString() ?? "null",
        };

        /// <summary>Deterministic positions spread over [0, length).</summary>
        public static IEnumerable<int> Spread(int length, int count) =>
            Enumerable.Range(0, count).Select(i => (int)((long)i * length / count)).Distinct();
    }
}
