using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Persistence
{
    /// <summary>
    /// The one way both transformers are saved in ML.NET's model context: the format-version check, the training
    /// history, and the one checksummed entry that holds every byte the transformer saves (ML.NET's Model.key entry
    /// then holds only ML.NET's own header).
    /// </summary>
    internal static class SavedModelParts
    {
        /// <summary>
        /// ML.NET's own check says only that the model is too new; this names both versions and the remedy.
        /// <paramref name="model"/> names the kind of model in the message ("GAN", "tabular GAN").
        /// </summary>
        private static void CheckReadable(ModelLoadContext ctx, uint readerVersion, string model)
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

        /// <summary>
        /// After the history in a model file: whether the model is differentially private and, if so, its guarantee with
        /// ε per epoch (one per epoch of the history, so no count of its own).
        /// </summary>
        public static void WritePrivacy(PayloadWriter writer, PrivacyGuarantee? privacy, int epochs)
        {
            writer.Write(privacy is not null);
            if (privacy is null)
                return;
            if (privacy.EpsilonByEpoch.Count != epochs)
                throw new InvalidOperationException($"The privacy guarantee has ε for {privacy.EpsilonByEpoch.Count} epochs; the history has {epochs}.");
            foreach (double v in new[] { privacy.Epsilon, privacy.Delta, privacy.NoiseMultiplier, privacy.SampleRate, privacy.ClipNorm, privacy.StatisticsNoiseMultiplier })
                writer.Write(v);
            writer.Write(privacy.Steps);
            foreach (double e in privacy.EpsilonByEpoch)
                writer.Write(e);
        }

        /// <summary>
        /// Reads what <see cref="WritePrivacy"/> wrote and gives each epoch of <paramref name="history"/> its ε; a guarantee
        /// out of its ranges is damage.
        /// </summary>
        public static PrivacyGuarantee? ReadPrivacy(PayloadReader reader, List<GanEpochMetrics> history)
        {
            if (!reader.ReadBoolean())
                return null;
            double epsilon = reader.ReadDouble(), delta = reader.ReadDouble(), noise = reader.ReadDouble(), rate = reader.ReadDouble(),
                clip = reader.ReadDouble(), statistics = reader.ReadDouble();
            long steps = reader.ReadInt64();
            if (!(epsilon >= 0 && epsilon < double.PositiveInfinity) || !(delta > 0 && delta < 1) || !(noise > 0 && noise < double.PositiveInfinity)
                || !(rate > 0 && rate <= 1) || !(clip > 0 && clip < double.PositiveInfinity) || !(double.IsNaN(statistics) || statistics > 0) || steps < 0)
                throw reader.Damaged($"the privacy guarantee is out of range (ε {epsilon}, δ {delta}, σ {noise}, q {rate}, C {clip}, statistics σ {statistics}, steps {steps})");
            var byEpoch = new double[history.Count];
            for (int i = 0; i < byEpoch.Length; i++)
            {
                byEpoch[i] = reader.ReadDouble();
                if (!(byEpoch[i] >= 0 && byEpoch[i] <= epsilon))
                    throw reader.Damaged($"epoch {i + 1}'s ε ({byEpoch[i]}) is outside [0, {epsilon}]");
                history[i] = history[i].WithEpsilon(byEpoch[i]);
            }
            return new PrivacyGuarantee
            {
                Epsilon = epsilon,
                Delta = delta,
                NoiseMultiplier = noise,
                SampleRate = rate,
                Steps = steps,
                ClipNorm = clip,
                StatisticsNoiseMultiplier = statistics,
                EpsilonByEpoch = byEpoch,
            };
        }

        /// <summary>
        /// Writes a transformer: ML.NET's header with <paramref name="version"/>, then every byte <paramref name="write"/>
        /// writes, in one checksummed entry. Everything that can fail runs before the first byte reaches the file.
        /// </summary>
        public static void Save(ModelSaveContext ctx, VersionInfo version, string entry, Action<PayloadWriter> write)
        {
            using var payload = new PayloadWriter();
            write(payload);
            byte[] bytes = payload.ToArray();
            ctx.CheckAtModel();
            ctx.SetVersionInfo(version);
            ctx.SaveBinaryStream(entry, w => ChecksummedBlob.Write(w, bytes));
        }

        /// <summary>
        /// Reads a transformer written by <see cref="Save"/>: the format version is checked first, then the checksummed
        /// entry, whose declared size must be what its parts add up to (<paramref name="parse"/> measures them from the entry's
        /// first bytes, before the rest is read), then <paramref name="parse"/> reads the verified entry.
        /// <paramref name="model"/> names the kind of model in messages ("GAN", "tabular GAN").
        /// </summary>
        public static T Load<T>(ModelLoadContext ctx, VersionInfo version, string entry, string model, Func<PayloadReader, T> parse) =>
            Load(ctx, version, entry, model, (r, _) => parse(r));

        /// <summary>As <see cref="Load{T}(ModelLoadContext, VersionInfo, string, string, Func{PayloadReader, T})"/>, with the format version the file was written in given to <paramref name="parse"/>.</summary>
        public static T Load<T>(ModelLoadContext ctx, VersionInfo version, string entry, string model, Func<PayloadReader, uint, T> parse)
        {
            CheckReadable(ctx, version.VerReadableCur, model);
            ctx.CheckAtModel(version);
            string what = $"The {model} model's '{entry}' entry";
            uint written = ctx.Header.ModelVerWritten;
            byte[]? payload = null;
            if (!ctx.TryLoadBinaryStream(entry, r => payload = ChecksummedBlob.Read(r, what, Measure<T>(reader => parse(reader, written)))))
                throw new InvalidDataException($"The {model} model has no '{entry}' entry: the file is incomplete.");
            return parse(new PayloadReader(payload!, what), written);
        }

        // The size a payload's parts add up to, read by the payload's own parser on a measuring reader.
        private static Func<PayloadReader, long> Measure<T>(Func<PayloadReader, T> parse) => reader =>
        {
            try
            {
                parse(reader);
                return reader.Position;
            }
            catch (MeasuredException measured)
            {
                return measured.Total;
            }
        };

        private static string Format(uint version) => $"{version >> 16}.{version & 0xFFFF}";
    }
}
