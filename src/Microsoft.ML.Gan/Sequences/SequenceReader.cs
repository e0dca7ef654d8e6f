using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// Reads data in long format (one row per step) into series, with every check on the values before anything
    /// trains: a series is the rows of one sequence id in view order (ids may interleave), its order column must
    /// increase strictly along it, it must be at least one window long, and every feature value must be finite.
    /// Each failure names the column, what was expected and what was found.
    /// </summary>
    internal static class SequenceReader
    {
        /// <param name="ectx">Where errors are reported.</param>
        /// <param name="input">Data in long format.</param>
        /// <param name="columns">The columns to read.</param>
        /// <param name="length">Steps per window.</param>
        /// <param name="cancel">Checked every 4,096 rows.</param>
        /// <param name="scaling">The scaling to apply (a trained model's, or the real data's when generated data is compared with it); null fits one on the data.</param>
        /// <param name="paramName">The data's parameter, named in the errors (evaluation reads two views).</param>
        public static SequenceData Read(IExceptionContext ectx, IDataView input, SequenceColumns columns, int length, FitCancellation cancel,
            MinMaxScaling? scaling = null, string paramName = "input")
        {
            int features = columns.Features.Length;
            var series = new List<Series>();
            var byId = new Dictionary<string, int>(StringComparer.Ordinal);
            using (var cursor = input.GetRowCursor(columns.Needed(input.Schema)))
            {
                var values = Array.ConvertAll(columns.Features, name => SequenceColumns.FeatureGetter(cursor, input.Schema[name]));
                var id = columns.SequenceId is { } idName ? LabelValues.Getter(cursor, input.Schema[idName]) : null;
                var order = columns.Order is { } orderName ? SequenceColumns.OrderGetter(cursor, input.Schema[orderName]) : null;
                while (cursor.MoveNext())
                {
                    if ((cursor.Position & 0xFFF) == 0)
                        cancel.ThrowIfCancelled();
                    string key = "";
                    if (id is not null)
                    {
                        key = id() ?? throw ectx.ExceptParam(paramName,
                            $"Sequence id column '{columns.SequenceId}' has a missing value at row {cursor.Position}: every row needs the id of its sequence.");
                    }
                    if (!byId.TryGetValue(key, out int s))
                    {
                        byId.Add(key, s = series.Count);
                        series.Add(new Series(key));
                    }
                    var current = series[s];
                    if (order is not null)
                    {
                        double at = order();
                        if (double.IsNaN(at))
                            throw ectx.ExceptParam(paramName, $"Order column '{columns.Order}' has a missing value at row {cursor.Position}{InSequence(columns, key)}.");
                        if (current.Steps > 0 && !(at > current.LastOrder))
                            throw ectx.ExceptParam(paramName, string.Format(CultureInfo.InvariantCulture,
                                "Order column '{0}' is not sorted{1}: expected values increasing along the sequence, but row {2} has {3} after {4} at row {5}. "
                                + "Sort the data by sequence and order first.",
                                columns.Order, InSequence(columns, key), cursor.Position, Show(at, columns, input), Show(current.LastOrder, columns, input), current.LastRow));
                        current.LastOrder = at;
                    }
                    for (int f = 0; f < features; f++)
                    {
                        double v = values[f]();
                        if (!double.IsFinite(v))
                            throw ectx.ExceptParam(paramName, string.Format(CultureInfo.InvariantCulture,
                                "Feature column '{0}' has {1} at row {2}{3}: expected a finite number (missing values in sequences are not supported yet).",
                                columns.Features[f], v, cursor.Position, InSequence(columns, key)));
                        current.Values.Add(v);
                    }
                    current.LastRow = cursor.Position;
                    current.Steps++;
                }
            }
            if (series.Count == 0)
                throw ectx.ExceptParam(paramName, "The data has no rows.");
            foreach (var s in series)
            {
                if (s.Steps < length)
                    throw ectx.ExceptParam(paramName, columns.SequenceId is null
                        ? $"The data is one series of {s.Steps} rows, shorter than WindowLength = {length}: expected at least {length} rows."
                        : $"Sequence '{s.Id}' of sequence id column '{columns.SequenceId}' has {s.Steps} rows, shorter than WindowLength = {length}: " +
                          $"expected at least {length} rows per sequence. Drop shorter sequences or use a shorter window.");
            }

            int total = 0;
            foreach (var s in series)
                total = checked(total + s.Steps);
            var raw = new double[checked(total * features)];
            int at2 = 0;
            foreach (var s in series)
            {
                s.Values.CopyTo(raw, at2);
                at2 += s.Values.Count;
            }
            scaling ??= MinMaxScaling.Fit(raw, features);
            var scaled = new float[raw.Length];
            for (int i = 0; i < raw.Length; i++)
                scaled[i] = scaling.Scale(raw[i], i % features);
            return new SequenceData(scaled, features, length, series.ConvertAll(s => s.Steps).ToArray(), scaling);
        }

        private static string InSequence(SequenceColumns columns, string id) =>
            columns.SequenceId is null ? "" : $" in sequence '{id}' (column '{columns.SequenceId}')";

        private static string Show(double order, SequenceColumns columns, IDataView input) =>
            input.Schema[columns.Order!].Type.RawType == typeof(DateTime)
                ? new DateTime((long)order).ToString("o", CultureInfo.InvariantCulture)
                : order.ToString("R", CultureInfo.InvariantCulture);

        private sealed class Series
        {
            public Series(string id) => Id = id;

            public string Id { get; }

            public List<double> Values { get; } = new();

            public int Steps { get; set; }

            public double LastOrder { get; set; }

            public long LastRow { get; set; }
        }
    }
}
