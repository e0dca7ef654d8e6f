using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Persistence
{
    /// <summary>
    /// What both transformers write to ML.NET's model context the same way: the format-version check, the training
    /// history, and the checksummed payload entry.
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

        public static void WriteHistory(BinaryWriter writer, IReadOnlyList<GanEpochMetrics> history)
        {
            writer.Write(history.Count);
            foreach (var m in history)
                m.Write(writer);
        }

        public static List<GanEpochMetrics> ReadHistory(IHostEnvironment env, BinaryReader reader)
        {
            int epochs = reader.ReadInt32();
            env.CheckDecode(epochs >= 0 && epochs <= 10_000_000, $"the training history declares {epochs} epochs");
            var history = new List<GanEpochMetrics>(epochs);
            for (int i = 0; i < epochs; i++)
                history.Add(GanEpochMetrics.Read(reader));
            return history;
        }

        public static void SavePayload(ModelSaveContext ctx, string entry, byte[] payload) =>
            ctx.SaveBinaryStream(entry, w => ChecksummedBlob.Write(w, payload));

        /// <summary>The checksummed entry's bytes, and how messages about its content name it.</summary>
        public static (byte[] Payload, string What) LoadPayload(ModelLoadContext ctx, string entry, string model)
        {
            string what = $"The {model} model's '{entry}' entry";
            byte[]? payload = null;
            if (!ctx.TryLoadBinaryStream(entry, r => payload = ChecksummedBlob.Read(r, what)))
                throw new InvalidDataException($"The {model} model has no '{entry}' entry: the file is incomplete.");
            return (payload!, what);
        }

        private static string Format(uint version) => $"{version >> 16}.{version & 0xFFFF}";
    }
}
