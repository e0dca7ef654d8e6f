using System;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// `--set Name=value,Name=value`: sets fields of an options object by name (public or internal), so that one
    /// change at a time can be measured without a new flag each. Numbers, Booleans, enums, and int arrays written
    /// with '/' (e.g. GeneratorHiddenLayers=256/256).
    /// </summary>
    internal static class OptionSettings
    {
        public static void Apply<TOptions>(TOptions options, string settings)
            where TOptions : class
        {
            foreach (string pair in settings.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int eq = pair.IndexOf('=');
                if (eq <= 0)
                    throw new ArgumentException($"--set expects Name=value, got '{pair}'.");
                string name = pair[..eq], text = pair[(eq + 1)..];
                var field = typeof(TOptions).GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                    ?? throw new ArgumentException($"{typeof(TOptions).Name} has no field '{name}'.");
                field.SetValue(options, Parse(field.FieldType, text));
            }
        }

        private static object? Parse(Type type, string text)
        {
            var inner = Nullable.GetUnderlyingType(type) ?? type;
            if (inner == typeof(int[]))
                return text.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            if (inner.IsEnum)
                return Enum.Parse(inner, text, ignoreCase: true);
            return Convert.ChangeType(text, inner, CultureInfo.InvariantCulture);
        }
    }
}
