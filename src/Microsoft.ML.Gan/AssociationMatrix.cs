using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// Pairwise association between a table's columns, each measure in [-1, 1] or [0, 1]: Pearson's r for two
    /// continuous columns, Cramér's V for two categorical ones, the correlation ratio η for a categorical and
    /// a continuous one. The diagonal is 1.
    /// </summary>
    public sealed class AssociationMatrix
    {
        private readonly double[,] _values;

        internal AssociationMatrix(IReadOnlyList<string> columns, double[,] values)
        {
            if (values.GetLength(0) != columns.Count || values.GetLength(1) != columns.Count)
                throw new ArgumentException($"A {columns.Count}-column matrix needs {columns.Count} × {columns.Count} values.", nameof(values));
            Columns = columns;
            _values = values;
        }

        /// <summary>The columns, in table order.</summary>
        public IReadOnlyList<string> Columns { get; }

        /// <summary>The association of the <paramref name="i"/>-th and <paramref name="j"/>-th columns.</summary>
        public double this[int i, int j] => _values[i, j];

        /// <summary>The association of columns <paramref name="a"/> and <paramref name="b"/>, by name.</summary>
        public double this[string a, string b] => _values[IndexOf(a), IndexOf(b)];

        /// <summary>Mean |this − other| over the pairs of distinct columns (the upper triangle); same columns required.</summary>
        public double MeanAbsoluteDifference(AssociationMatrix other)
        {
            if (!Columns.SequenceEqual(other.Columns))
                throw new ArgumentException($"The matrices have different columns: {string.Join(", ", Columns)} vs {string.Join(", ", other.Columns)}.", nameof(other));
            double sum = 0;
            int pairs = 0;
            for (int i = 0; i < Columns.Count; i++)
            {
                for (int j = i + 1; j < Columns.Count; j++)
                {
                    sum += Math.Abs(_values[i, j] - other._values[i, j]);
                    pairs++;
                }
            }
            return pairs == 0 ? 0 : sum / pairs;
        }

        private int IndexOf(string column)
        {
            for (int i = 0; i < Columns.Count; i++)
                if (Columns[i] == column) return i;
            throw new ArgumentException($"Column '{column}' is not in the matrix; its columns are: {string.Join(", ", Columns)}.", nameof(column));
        }
    }
}
