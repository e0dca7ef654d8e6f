using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// Reads data in long format (one row per step) into series, with every check on the values before anything
    /// trains: a series is the rows of one sequence id in view order (ids may interleave), its order column must
    /// increase strictly along it, it must be at least <c>minLength</c> and at most <c>maxLength</c> rows, an attribute
    /// must keep one value along it, and a number must be finite (or NaN, missing, where missing values are allowed).
    /// Each failure names the column, what was expected and what was found.
    /// </summary>
    internal static class SequenceReader
    {
        /// <param name="ectx">Where errors are reported.</param>
        /// <param name="input">Data in long format.</param>
        /// <param name="columns">The columns to read.</param>
        /// <param name="minLength">The fewest rows a series may have (the window length; 1 for whole sequences).</param>
        /// <param name="maxLength">The most rows a series may have (whole sequences' longest), or null.</param>
        /// <param name="cancel">Checked every 4,096 rows.</param>
        /// <param name="paramName">The data's parameter, named in the errors (evaluation reads two views).</param>
        public static RawSequences Read(IExceptionContext ectx, IDataView input, SequenceColumns columns, int minLength, int? maxLength,
            FitCancellation cancel, string paramName = "input")
        {
            bool allowMissing = !columns.NumericOnly;
            var raw = new RawSequences(columns, input.Schema);
            var byId = new Dictionary<string, int>(StringComparer.Ordinal);
            var series = new List<Series>();
            using (var cursor = input.GetRowCursor(columns.Needed(input.Schema)))
            {
                var features = Array.ConvertAll(columns.Features, name => raw.Getter(cursor, name));
                var attributes = Array.ConvertAll(columns.Attributes, name => raw.Getter(cursor, name));
                var id = columns.SequenceId is { } idName ? LabelValues.Getter(cursor, input.Schema[idName]) : null;
                var order = columns.Order is { } orderName ? SequenceColumns.OrderGetter(cursor, input.Schema[orderName]) : null;
                var attributeRow = new double[attributes.Length];
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
                        series.Add(new Series(key, cursor.Position));
                    }
                    var current = series[s];
                    if (order is not null)
                    {
                        double at = order();
                        if (double.IsNaN(at))
                            throw ectx.ExceptParam(paramName, $"Order column '{columns.Order}' has a missing value at row {cursor.Position}{InSequence(columns, key)}.");
                        if (current.Steps.Count > 0 && !(at > current.LastOrder))
                            throw ectx.ExceptParam(paramName, string.Format(CultureInfo.InvariantCulture,
                                "Order column '{0}' is not sorted{1}: expected values increasing along the sequence, but row {2} has {3} after {4} at row {5}. "
                                + "Sort the data by sequence and order first.",
                                columns.Order, InSequence(columns, key), cursor.Position, Show(at, columns, input), Show(current.LastOrder, columns, input), current.LastRow));
                        current.LastOrder = at;
                    }
                    for (int f = 0; f < features.Length; f++)
                    {
                        double v = features[f]();
                        if (!double.IsFinite(v) && !(allowMissing && double.IsNaN(v)))
                            throw ectx.ExceptParam(paramName, string.Format(CultureInfo.InvariantCulture,
                                "Feature column '{0}' has {1} at row {2}{3}: expected a finite number{4}.",
                                columns.Features[f], v, cursor.Position, InSequence(columns, key), allowMissing ? " or a missing value (NaN)" : ""));
                        current.Steps.Add(v);
                    }
                    for (int a = 0; a < attributes.Length; a++)
                    {
                        double v = attributes[a]();
                        if (double.IsInfinity(v))
                            throw ectx.ExceptParam(paramName, string.Format(CultureInfo.InvariantCulture,
                                "Attribute column '{0}' has {1} at row {2}{3}: expected a finite number or a missing value (NaN).",
                                columns.Attributes[a], v, cursor.Position, InSequence(columns, key)));
                        attributeRow[a] = v;
                    }
                    if (current.Attributes is null)
                        current.Attributes = (double[])attributeRow.Clone();
                    else
                        CheckAttributes(ectx, paramName, columns, raw, current, attributeRow, cursor.Position);
                    current.LastRow = cursor.Position;
                }
            }
            if (series.Count == 0)
                throw ectx.ExceptParam(paramName, "The data has no rows.");
            foreach (var s in series)
            {
                int steps = s.Steps.Count / Math.Max(1, columns.Features.Length);
                if (steps < minLength)
                    throw ectx.ExceptParam(paramName, columns.SequenceId is null
                        ? $"The data is one series of {steps} rows, shorter than WindowLength = {minLength}: expected at least {minLength} rows."
                        : $"Sequence '{s.Id}' of sequence id column '{columns.SequenceId}' has {steps} rows, shorter than WindowLength = {minLength}: " +
                          $"expected at least {minLength} rows per sequence. Drop shorter sequences or use a shorter window.");
                if (maxLength is int most && steps > most)
                    throw ectx.ExceptParam(paramName, columns.SequenceId is null
                        ? $"The data is one series of {steps} rows, longer than MaxSequenceLength = {most}: expected at most {most} rows."
                        : $"Sequence '{s.Id}' of sequence id column '{columns.SequenceId}' has {steps} rows, longer than MaxSequenceLength = {most}: " +
                          $"expected at most {most} rows per sequence. Raise MaxSequenceLength, drop or split longer sequences, or train on windows.");
                raw.AddSeries(s.Steps, s.Attributes!);
            }
            return raw;
        }

        private static void CheckAttributes(IExceptionContext ectx, string paramName, SequenceColumns columns, RawSequences raw, Series current,
            double[] row, long position)
        {
            for (int a = 0; a < row.Length; a++)
            {
                double was = current.Attributes![a], now = row[a];
                if (was.Equals(now))
                    continue;
                string name = columns.Attributes[a];
                throw ectx.ExceptParam(paramName,
                    $"Attribute column '{name}' changes within sequence '{current.Id}'{(columns.SequenceId is null ? "" : $" (column '{columns.SequenceId}')")}: " +
                    $"row {current.FirstRow} has {raw.Show(name, was)} but row {position} has {raw.Show(name, now)}; expected one value per sequence.");
            }
        }

        private static string InSequence(SequenceColumns columns, string id) =>
            columns.SequenceId is null ? "" : $" in sequence '{id}' (column '{columns.SequenceId}')";

        private static string Show(double order, SequenceColumns columns, IDataView input) =>
            input.Schema[columns.Order!].Type.RawType == typeof(DateTime)
                ? new DateTime((long)order).ToString("o", CultureInfo.InvariantCulture)
                : order.ToString("R", CultureInfo.InvariantCulture);

        private sealed class Series
        {
            public Series(string id, long firstRow)
            {
                Id = id;
                FirstRow = firstRow;
            }

            public string Id { get; }

            public long FirstRow { get; }

            /// <summary>Raw feature values, step by step.</summary>
            public List<double> Steps { get; } = new();

            public double[]? Attributes { get; set; }

            public double LastOrder { get; set; }

            public long LastRow { get; set; }
        }
    }
}
