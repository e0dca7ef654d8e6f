using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// A mixed table generated on the fly by its cursor, never held in memory: ten columns (an integer age, a bimodal
    /// income that depends on age and grade, two float columns, one with 10% missing values, a double with 5% missing,
    /// a skewed 20-way city, an 8-way job, a grade with missing values (empty text), a 4-way region and a Boolean),
    /// row i a deterministic function of i (as <see cref="SyntheticTable"/>). The row count is known.
    /// </summary>
    internal sealed class MixedSyntheticTable : IDataView
    {
        private static readonly string[] Cities = Enumerable.Range(0, 20).Select(i => $"City{i:D2}").ToArray();
        private static readonly string[] Jobs = { "clerk", "nurse", "driver", "teacher", "engineer", "cook", "farmer", "lawyer" };
        private static readonly string[] Grades = { "A", "B", "" };
        private static readonly string[] Regions = { "north", "south", "east", "west" };

        public MixedSyntheticTable(long rows)
        {
            Rows = rows;
            var builder = new DataViewSchema.Builder();
            builder.AddColumn("Age", NumberDataViewType.Int32);
            builder.AddColumn("Income", NumberDataViewType.Double);
            builder.AddColumn("Height", NumberDataViewType.Single);
            builder.AddColumn("Hours", NumberDataViewType.Single);
            builder.AddColumn("Score", NumberDataViewType.Double);
            builder.AddColumn("City", TextDataViewType.Instance);
            builder.AddColumn("Job", TextDataViewType.Instance);
            builder.AddColumn("Grade", TextDataViewType.Instance);
            builder.AddColumn("Region", TextDataViewType.Instance);
            builder.AddColumn("Member", BooleanDataViewType.Instance);
            Schema = builder.ToSchema();
        }

        public long Rows { get; }

        public DataViewSchema Schema { get; }

        public bool CanShuffle => false;

        public long? GetRowCount() => Rows;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            new[] { GetRowCursor(columnsNeeded, rand) };

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly MixedSyntheticTable _table;
            private readonly ReadOnlyMemory<char>[] _cities = Cities.Select(s => s.AsMemory()).ToArray();
            private readonly ReadOnlyMemory<char>[] _jobs = Jobs.Select(s => s.AsMemory()).ToArray();
            private readonly ReadOnlyMemory<char>[] _grades = Grades.Select(s => s.AsMemory()).ToArray();
            private readonly ReadOnlyMemory<char>[] _regions = Regions.Select(s => s.AsMemory()).ToArray();
            private long _position = -1;
            private int _age, _city, _job, _grade, _region;
            private double _income, _score;
            private float _height, _hours;
            private bool _member;

            public Cursor(MixedSyntheticTable table) => _table = table;

            public override DataViewSchema Schema => _table.Schema;
            public override long Position => _position;
            public override long Batch => 0;

            public override bool MoveNext()
            {
                if (_position + 1 >= _table.Rows)
                    return false;
                _position++;
                ulong state = (ulong)_position * 0x9E3779B97F4A7C15UL + 0x2545F4914F6CDD1DUL;
                double U() => ((SplitMix(ref state) >> 11) + 0.5) * (1.0 / (1UL << 53));
                double Normal() => Math.Sqrt(-2 * Math.Log(U())) * Math.Cos(2 * Math.PI * U());
                _age = 18 + (int)(U() * 60);
                _grade = U() < 0.3 ? 0 : U() < 0.6 ? 1 : 2;
                _income = (_grade == 0 ? 90_000 : 25_000) + 400 * _age + 3_000 * Normal();
                _height = U() < 0.1 ? float.NaN : (float)(170 + 10 * Normal());
                _hours = (float)Math.Round(35 + 8 * Normal());
                _score = U() < 0.05 ? double.NaN : 0.5 * _age / 78 + 0.2 * Normal();
                _city = Math.Min(19, (int)(20 * U() * U()));  // skewed: low indices more frequent
                _job = (int)(U() * Jobs.Length);
                _region = (_city + (int)(U() * 2)) % 4;
                _member = U() < 0.25;
                return true;
            }

            private static ulong SplitMix(ref ulong state)
            {
                ulong z = state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }

            public override bool IsColumnActive(DataViewSchema.Column column) => true;

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                Delegate getter = column.Index switch
                {
                    0 => (ValueGetter<int>)((ref int v) => v = _age),
                    1 => (ValueGetter<double>)((ref double v) => v = _income),
                    2 => (ValueGetter<float>)((ref float v) => v = _height),
                    3 => (ValueGetter<float>)((ref float v) => v = _hours),
                    4 => (ValueGetter<double>)((ref double v) => v = _score),
                    5 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = _cities[_city]),
                    6 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = _jobs[_job]),
                    7 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = _grades[_grade]),
                    8 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = _regions[_region]),
                    9 => (ValueGetter<bool>)((ref bool v) => v = _member),
                    _ => throw new ArgumentOutOfRangeException(nameof(column)),
                };
                return getter as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; asked for {typeof(TValue).Name}.");
            }

            public override ValueGetter<DataViewRowId> GetIdGetter() =>
                (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
        }
    }
}
