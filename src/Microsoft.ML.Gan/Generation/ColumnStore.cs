using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>One generated column of a block of rows, held in one array; getters read the row their caller points at.</summary>
    internal abstract class ColumnStore
    {
        /// <summary>A getter of <typeparamref name="T"/> over the row <paramref name="row"/> returns; the column's own type only.</summary>
        public abstract ValueGetter<T> Getter<T>(string name, Func<int> row);

        public abstract ColumnStore Select(int[] rows);

        public abstract void CopyRow(int row, ColumnStore other, int from);

        protected static InvalidOperationException WrongType(string name, Type held, Type asked) =>
            new($"Column '{name}' holds {held.Name}; a getter of {asked.Name} was requested.");
    }

    /// <summary>A scalar column: one value per row.</summary>
    internal sealed class ScalarStore<TValue> : ColumnStore
    {
        private readonly TValue[] _values;

        public ScalarStore(TValue[] values) => _values = values;

        public override ValueGetter<T> Getter<T>(string name, Func<int> row)
        {
            if (_values is not T[] values)
                throw WrongType(name, typeof(TValue), typeof(T));
            return (ref T value) => value = values[row()];
        }

        public override ColumnStore Select(int[] rows) => new ScalarStore<TValue>(Array.ConvertAll(rows, r => _values[r]));

        public override void CopyRow(int row, ColumnStore other, int from) => _values[row] = ((ScalarStore<TValue>)other)._values[from];
    }

    /// <summary>A float vector column of a fixed size, rows stored one after another.</summary>
    internal sealed class VectorStore : ColumnStore
    {
        private readonly float[] _values;
        private readonly int _size;

        public VectorStore(float[] values, int size)
        {
            _values = values;
            _size = size;
        }

        /// <summary>Row <paramref name="row"/>'s values.</summary>
        public ReadOnlySpan<float> Row(int row) => _values.AsSpan(row * _size, _size);

        public override ValueGetter<T> Getter<T>(string name, Func<int> row)
        {
            if (typeof(T) != typeof(VBuffer<float>))
                throw WrongType(name, typeof(VBuffer<float>), typeof(T));
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> dst) =>
            {
                var editor = VBufferEditor.Create(ref dst, _size);
                Row(row()).CopyTo(editor.Values);
                dst = editor.Commit();
            };
            return (ValueGetter<T>)(Delegate)getter;
        }

        public override ColumnStore Select(int[] rows)
        {
            var values = new float[rows.Length * _size];
            for (int i = 0; i < rows.Length; i++)
                Row(rows[i]).CopyTo(values.AsSpan(i * _size, _size));
            return new VectorStore(values, _size);
        }

        public override void CopyRow(int row, ColumnStore other, int from) =>
            ((VectorStore)other).Row(from).CopyTo(_values.AsSpan(row * _size, _size));
    }
}
