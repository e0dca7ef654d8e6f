using System;

namespace Microsoft.ML.Gan
{
    /// <summary>The checks the estimators' options share, each throwing with the option's name, the allowed range and the value.</summary>
    internal static class OptionChecks
    {
        public static void RequireName(string? value, string option)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException($"{option} must not be {(value is null ? "null" : "empty")}.", option);
        }

        public static void RequireRange(int value, int min, int max, string option)
        {
            if (value < min || value > max)
                throw new ArgumentOutOfRangeException(option, value, $"{option} must be between {min} and {max}; it was {value}.");
        }

        public static void RequireRange(float value, float min, float max, string option, bool upperOpen)
        {
            bool ok = float.IsFinite(value) && value >= min && (upperOpen ? value < max : value <= max);
            if (!ok)
                throw new ArgumentOutOfRangeException(option, value,
                    $"{option} must be in [{min}, {max}{(upperOpen ? ")" : "]")}; it was {value}.");
        }

        /// <summary>Requires <paramref name="min"/> &lt; value &lt;= <paramref name="max"/>.</summary>
        public static void RequireRangeExcludingMin(float value, float min, float max, string option)
        {
            if (!float.IsFinite(value) || value <= min || value > max)
                throw new ArgumentOutOfRangeException(option, value, $"{option} must be in ({min}, {max}]; it was {value}.");
        }

        /// <summary>The checkpoint options both estimators have: directory and file to resume from (null = none), interval, how many to keep.</summary>
        public static void RequireCheckpoints(string? directory, int interval, int keep, string? resumeFrom)
        {
            if (directory is not null)
                RequireName(directory, "CheckpointDirectory");
            RequireRange(interval, 1, 1_000_000, "CheckpointInterval");
            RequireRange(keep, 0, 1_000_000, "KeepCheckpoints");
            if (resumeFrom is not null)
                RequireName(resumeFrom, "ResumeFromCheckpoint");
        }

        public static void RequireMemoryBudget(long bytes)
        {
            if (bytes < 1 << 20)
                throw new ArgumentOutOfRangeException("MemoryBudgetBytes", bytes, $"MemoryBudgetBytes must be at least 1 MiB; it was {bytes}.");
        }

        /// <summary>Where training runs: "cpu" or "cuda".</summary>
        public static void RequireDevice(string? device)
        {
            if (device is not ("cpu" or "cuda"))
                throw new ArgumentException($"Device must be \"cpu\" or \"cuda\"; it was \"{device}\".", "Device");
        }

        public static void RequireLayers(int[]? layers, string option)
        {
            if (layers is null || layers.Length == 0)
                throw new ArgumentException($"{option} must list at least one hidden layer width.", option);
            for (int i = 0; i < layers.Length; i++)
            {
                if (layers[i] < 1 || layers[i] > 1 << 16)
                    throw new ArgumentOutOfRangeException(option, layers[i],
                        $"{option}[{i}] must be between 1 and {1 << 16}; it was {layers[i]}.");
            }
        }
    }
}
