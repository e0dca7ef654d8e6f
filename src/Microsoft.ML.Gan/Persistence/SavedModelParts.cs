using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Persistence
{
    /// <summary>
    /// What both transformers write to ML.NET's model context the same way: the format-version check, the training
    /// history, and the one checksummed entry that holds every byte the transformer saves (ML.NET's Model.key entry
    /// then holds only ML.NET's own header).
    /// </summary>
    internal static class SavedModelParts
    {
        /// <summary>
        /// ML.NET's own check says only that the model is too new; this names both versions and the remedy.
        /// <paramref name="model"/> names the kind of model in the message ("GAN", "tabular GAN").
        /// </summary>
        public static void CheckReadable(ModelLoadContext ctx, uint readerVersion, string model)
        {
            uint needed = ctx.Header.ModelVerReadable;
            if (needed > readerVersion)
            {
                throw new InvalidDataException(
                    $"This {model} model was written in format version {Format(ctx.Header.ModelVerWritten)} and needs a reader of " +
                    $"format {Format(needed)} or later; this Microsoft.ML.Gan ({typeof(SavedModelParts).Assembly.GetName().Version}) " +
                    $"reads format {Format(readerVersion)}. Load it with a newer Microsoft.ML.Gan.");
            }
        }

        public static void WriteHistory(PayloadWriter writer, IReadOnlyList<GanEpochMetrics> history)
        {
            writer.Write(history.Count);
            foreach (var m in history)
                m.Write(writer);
        }

        public static List<GanEpochMetrics> ReadHistory(PayloadReader reader)
        {
            int epochs = reader.ReadCount("epochs of training history", GanEpochMetrics.StoredBytes, 10_000_000);
            var history = new List<GanEpochMetrics>(epochs);
            for (int i = 0; i < epochs; i++)
                history.Add(GanEpochMetrics.Read(reader));
            return history;
        }

        public static void SavePayload(ModelSaveContext ctx, string entry, byte[] payload) =>
            ctx.SaveBinaryStream(entry, w => ChecksummedBlob.Write(w, payload));

        /// <summary>The checksummed entry's bytes, verified, for reading.</summary>
        public static PayloadReader LoadPayload(ModelLoadContext ctx, string entry, string model)
        {
            string what = $"The {model} model's '{entry}' entry";
            byte[]? payload = null;
            if (!ctx.TryLoadBinaryStream(entry, r => payload = ChecksummedBlob.Read(r, what)))
                throw new InvalidDataException($"The {model} model has no '{entry}' entry: the file is incomplete.");
            return new PayloadReader(payload!, what);
        }

        /// <summary>
        /// Older formats kept some fields in ML.NET's Model.key entry, outside any checksum: its model bytes, read
        /// with the same bounded reader. Strings there are indices into ML.NET's string table.
        /// </summary>
        public static PayloadReader LoadKeyFields(ModelLoadContext ctx, string model)
        {
            string what = $"The {model} model's Model.key entry";
            long size = ctx.Header.CbModel;
            if (size < 0 || size > 1 << 30)
                throw new InvalidDataException($"{what} is damaged: it declares {size} bytes of model data.");
            byte[] bytes = ctx.Reader.ReadBytes((int)size);
            if (bytes.Length != size)
                throw new InvalidDataException($"{what} is truncated: {size} bytes of model data declared, {bytes.Length} stored.");
            return new PayloadReader(bytes, what);
        }

        /// <summary>A string saved with ML.NET's SaveNonEmptyString (or SaveStringOrNull when <paramref name="nullable"/>).</summary>
        public static string? ReadKeyString(ModelLoadContext ctx, PayloadReader reader, bool nullable)
        {
            int id = reader.ReadInt32();
            int strings = ctx.Strings?.Length ?? 0;
            if (nullable && id == -1)
                return null;
            if (id < 0 || id >= strings || string.IsNullOrEmpty(ctx.Strings![id]))
                throw reader.Damaged($"it refers to string {id} of {strings}");
            return ctx.Strings[id];
        }

        private static string Format(uint version) => $"{version >> 16}.{version & 0xFFFF}";
    }
}
