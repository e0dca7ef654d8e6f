using System;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace Microsoft.ML.Gan.Benchmarks.Tabular
{
    /// <summary>
    /// `--set Name=value,Name=value` for the tabular benchmarks: sets fields of <see cref="TabularGanEstimator.Options"/>
    /// by name (public or internal), so that one change at a time can be measured without a new flag each.
    /// Numbers, Booleans, enums, and int arrays written with '/' (e.g. GeneratorHiddenLayers=256/256).
    /// </summary>
    internal static class TabularSettings
    {
        public static void Apply(TabularGanEstimator.Options options, string settings)
        {
            foreach (string pair in settings.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int eq = pair.IndexOf('=');
                if (eq <= 0)
                    throw new ArgumentException($"--set expects Name=value, got '{pair}'.");
                string name = pair[..eq], text = pair[(eq + 1)..];
                var field = typeof(TabularGanEstimator.Options).GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                    ?? throw new ArgumentException($"TabularGanEstimator.Options has no field '{name}'.");
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
