using System;
using System.Collections.Generic;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The shuffle buffer of a streamed table: up to a fixed number of raw rows (a double per continuous column, a
    /// category index per categorical one), with, per condition slot (category of a categorical column), the buffer
    /// positions of the rows having it, kept up to date as rows are replaced, so that training-by-sampling finds a row
    /// of a category in constant time. Memory: <see cref="BytesPerRow"/> per row of capacity.
    /// </summary>
    internal sealed class TableRowBuffer
    {
        private readonly int _continuous;
        private readonly int _categorical;
        private readonly int[] _offsets;         // first condition slot of each categorical column
        private readonly double[] _values;       // [capacity, continuous]
        private readonly int[] _codes;           // [capacity, categorical]
        private readonly int[] _where;           // [capacity, categorical]: the row's index in its category's member list
        private readonly List<int>[] _members;   // per condition slot: buffer positions of its rows

        public TableRowBuffer(int capacity, int continuous, IReadOnlyList<int> categoryCounts)
        {
            if (capacity < 1)
                throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The buffer needs at least one row.");
            Capacity = capacity;
            _continuous = continuous;
            _categorical = categoryCounts.Count;
            _offsets = new int[_categorical];
            int width = 0;
            for (int d = 0; d < _categorical; d++)
            {
                _offsets[d] = width;
                width += categoryCounts[d];
            }
            _values = new double[(long)capacity * continuous];
            _codes = new int[(long)capacity * _categorical];
            _where = new int[(long)capacity * _categorical];
            _members = new List<int>[width];
            for (int s = 0; s < width; s++)
                _members[s] = new List<int>();
        }

        /// <summary>Bytes a buffered row takes: its values and codes, and its place in each of its categories' member lists.</summary>
        public static long BytesPerRow(int continuous, int categorical) => continuous * (long)sizeof(double) + categorical * 3L * sizeof(int);

        public int Capacity { get; }

        /// <summary>Rows held (the first <see cref="Count"/> positions).</summary>
        public int Count { get; private set; }

        /// <summary>Buffered rows having the category of condition slot <paramref name="slot"/>.</summary>
        public int CountOf(int slot) => _members[slot].Count;

        /// <summary>The <paramref name="index"/>-th buffered row having the category of <paramref name="slot"/>.</summary>
        public int MemberOf(int slot, int index) => _members[slot][index];

        public ReadOnlySpan<double> Values(int position) => _values.AsSpan(position * _continuous, _continuous);

        public ReadOnlySpan<int> Codes(int position) => _codes.AsSpan(position * _categorical, _categorical);

        /// <summary>Appends a row (the buffer must not be full).</summary>
        public void Add(ReadOnlySpan<double> values, ReadOnlySpan<int> codes)
        {
            if (Count == Capacity)
                throw new InvalidOperationException("The buffer is full.");
            Write(Count++, values, codes);
        }

        /// <summary>Puts a row in place of the one at <paramref name="position"/>, which leaves the buffer.</summary>
        public void Replace(int position, ReadOnlySpan<double> values, ReadOnlySpan<int> codes)
        {
            for (int d = 0; d < _categorical; d++)
            {
                // Swap-remove from the member list, and tell the moved member where it went.
                var list = _members[_offsets[d] + _codes[position * _categorical + d]];
                int index = _where[position * _categorical + d];
                int last = list[^1];
                list[index] = last;
                _where[last * _categorical + d] = index;
                list.RemoveAt(list.Count - 1);
            }
            Write(position, values, codes);
        }

        private void Write(int position, ReadOnlySpan<double> values, ReadOnlySpan<int> codes)
        {
            values.CopyTo(_values.AsSpan(position * _continuous, _continuous));
            codes.CopyTo(_codes.AsSpan(position * _categorical, _categorical));
            for (int d = 0; d < _categorical; d++)
            {
                var list = _members[_offsets[d] + codes[d]];
                _where[position * _categorical + d] = list.Count;
                list.Add(position);
            }
        }
    }
}
