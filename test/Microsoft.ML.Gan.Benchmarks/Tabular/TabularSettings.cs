namespace Microsoft.ML.Gan.Benchmarks.Tabular
{
    /// <summary>
    /// `--set Name=value,Name=value` for the tabular benchmarks: sets fields of <see cref="TabularGanEstimator.Options"/>
    /// by name (public or internal), so that one change at a time can be measured without a new flag each.
    /// Numbers, Booleans, enums, and int arrays written with '/' (e.g. GeneratorHiddenLayers=256/256).
    /// </summary>
    internal static class TabularSettings
    {
        public static void Apply(TabularGanEstimator.Options options, string settings) => OptionSettings.Apply(options, settings);
    }
}
