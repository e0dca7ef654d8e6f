using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// A trained tabular GAN. <see cref="Generate(int, int?)"/> makes rows with the training table's columns and
    /// types (numbers in their own type, integers whole and inside the training range, missing values at their
    /// rate); <see cref="Generate(int, int?, TableCondition[])"/> makes rows that satisfy conditions (categories,
    /// ranges). Every generated row honours the constraints the model was trained with. <see cref="Transform"/> does not read the input's values: it returns as many fresh rows
    /// as the input has (seeded by <see cref="Seed"/>), so a tabular GAN can end a pipeline. Generation is
    /// deterministic (same model and seed, same rows, bit for bit), runs the generator in blocks of rows, and
    /// happens when the returned view is first read.
    /// </summary>
    public sealed partial class TabularGanTransformer : ITransformer, IDisposable
    {
        private readonly IHost _host;
        private readonly TableModel _model;
        private readonly DataViewSchema _schema;
        private readonly ModelLifetime _lifetime = new(nameof(TabularGanTransformer));

        internal TabularGanTransformer(IHostEnvironment env, TableModel model, int seed, IReadOnlyList<GanEpochMetrics> history)
        {
            _host = env.Register(nameof(TabularGanTransformer));
            _model = model;
            Seed = seed;
            TrainingHistory = history;
            // A zero-row table gives the schema: the same builder the generated rows go through.
            _schema = new TableDataView(model.Encoding.Decode(ReadOnlySpan<float>.Empty, 0)).Schema;
        }

        /// <summary>The default generation seed (the training seed).</summary>
        public int Seed { get; }

        /// <summary>Per-epoch training metrics, first epoch first.</summary>
        public IReadOnlyList<GanEpochMetrics> TrainingHistory { get; }

        /// <summary>The schema of generated rows: the learned columns of the training table, in order, with their types.</summary>
        public DataViewSchema OutputSchema => _schema;

        /// <summary>The categorical columns and their values (as <see cref="Generate(int, int?, ValueTuple{string, string})"/> accepts them).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Categories =>
            _model.Conditions.Columns.ToDictionary(c => c.Column, c => (IReadOnlyList<string>)c.Labels.ToArray());

        internal TableModel Model => _model;

        public bool IsRowToRowMapper => false;

        /// <summary>The training table's columns, whatever the input (Transform generates rather than maps).</summary>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            return _schema;
        }

        /// <summary>As many generated rows as <paramref name="input"/> has, seeded by <see cref="Seed"/>; the input's values are not used.</summary>
        public IDataView Transform(IDataView input)
        {
            _host.CheckValue(input, nameof(input));
            ThrowIfDisposed();
            long? known = input.GetRowCount();
            return new GeneratedTableView(_schema, Guarded(() => _model.Generate(checked((int)(known ?? CountRows(input))), Seed)), known);
        }

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
            throw _host.ExceptNotSupp("A tabular GAN generates whole tables; it does not map rows one to one. Use Transform or Generate.");

        /// <summary>
        /// <paramref name="count"/> new rows; categorical values follow their training frequencies. The same seed gives
        /// the same rows; null uses <see cref="Seed"/>.
        /// </summary>
        public IDataView Generate(int count, int? seed = null)
        {
            _host.CheckParam(count >= 0, nameof(count), $"count must be zero or more; it was {count}.");
            ThrowIfDisposed();
            int s = seed ?? Seed;
            return new GeneratedTableView(_schema, Guarded(() => _model.Generate(count, s)), count);
        }

        /// <summary>
        /// <paramref name="count"/> new rows that all have <paramref name="condition"/>'s value in its categorical column
        /// (the value as text: a category, True/False, a key's name, a number); the same as
        /// <see cref="Generate(int, int?, TableCondition[])"/> with one <see cref="TableCondition.Equal"/>.
        /// </summary>
        public IDataView Generate(int count, int? seed, (string Column, string Value) condition)
        {
            _host.CheckValue(condition.Column, nameof(condition));
            _host.CheckValue(condition.Value, nameof(condition));
            return Generate(count, seed, TableCondition.Equal(condition.Column, condition.Value));
        }

        /// <summary>
        /// <paramref name="count"/> new rows that satisfy every one of <paramref name="conditions"/>, for example
        /// <c>TableCondition.Equal("Sex", "Female")</c> and <c>TableCondition.Between("Age", 30, 40)</c>. Blocks of rows
        /// are generated with the rarest asked category set in the generator's condition vector, and only rows that
        /// satisfy all the conditions (and the model's constraints) are kept. Unknown columns or categories, conditions
        /// of the wrong kind and combinations no row can have throw <see cref="ArgumentException"/> at once; a
        /// combination that too few generated rows have (under 2%) throws <see cref="InvalidOperationException"/>
        /// with the measured rate when the rows are generated (when the view is first read).
        /// </summary>
        public IDataView Generate(int count, int? seed, params TableCondition[] conditions)
        {
            _host.CheckParam(count >= 0, nameof(count), $"count must be zero or more; it was {count}.");
            _host.CheckValue(conditions, nameof(conditions));
            _host.CheckParam(conditions.All(c => c is not null), nameof(conditions), "The conditions hold a null.");
            ThrowIfDisposed();
            var resolved = RowConditions.Resolve(_model.Encoding, _model.Conditions, _model.Constraints, conditions);
            int s = seed ?? Seed;
            return new GeneratedTableView(_schema, Guarded(() => _model.Generate(count, s, resolved)), count);
        }

        private long CountRows(IDataView input)
        {
            long rows = 0;
            using var cursor = input.GetRowCursor(Array.Empty<DataViewSchema.Column>());
            while (cursor.MoveNext())
            {
                if ((rows & 0xFFFF) == 0)
                    _host.CheckAlive();
                rows++;
            }
            return rows;
        }

        // Rows are generated when a view is first read, perhaps after Dispose or during it: the lease makes that an
        // ObjectDisposedException, or makes Dispose wait for the generation under way.
        private Func<TableData> Guarded(Func<TableData> generate) => () =>
        {
            using var lease = _lifetime.Enter();
            return generate();
        };

        /// <summary>
        /// Frees the generator. Views made earlier and not yet read throw <see cref="ObjectDisposedException"/>; a
        /// generation under way finishes first.
        /// </summary>
        public void Dispose()
        {
            if (_lifetime.End())
                _model.Dispose();
        }

        private void ThrowIfDisposed() => _lifetime.ThrowIfEnded();
    }
}
