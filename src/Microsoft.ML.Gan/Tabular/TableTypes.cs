using System;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>The column types a table model can hold, as a byte code (keys: code, raw type code, key count) for saved models.</summary>
    internal static class TableTypes
    {
        private const byte Key = 100;

        private static readonly DataViewType[] Scalars =
        {
            NumberDataViewType.Single, NumberDataViewType.Double, NumberDataViewType.SByte, NumberDataViewType.Byte,
            NumberDataViewType.Int16, NumberDataViewType.UInt16, NumberDataViewType.Int32, NumberDataViewType.UInt32,
            NumberDataViewType.Int64, NumberDataViewType.UInt64, BooleanDataViewType.Instance, TextDataViewType.Instance,
            // Appended: codes are part of the saved format.
            DateTimeDataViewType.Instance,
        };

        private static readonly Type[] KeyRawTypes = { typeof(byte), typeof(ushort), typeof(uint), typeof(ulong) };

        // The most keys each raw type holds (KeyDataViewType refuses more).
        private static readonly ulong[] KeyRawMax = { byte.MaxValue, ushort.MaxValue, uint.MaxValue, ulong.MaxValue };

        public static void Write(PayloadWriter w, DataViewType type)
        {
            if (type is KeyDataViewType key)
            {
                w.Write(Key);
                w.Write((byte)Array.IndexOf(KeyRawTypes, key.RawType));
                w.Write(key.Count);
                return;
            }
            int code = Array.IndexOf(Scalars, type);
            if (code < 0)
                throw new InvalidOperationException($"Type {type} cannot be saved in a table model.");
            w.Write((byte)code);
        }

        public static DataViewType Read(PayloadReader r)
        {
            byte code = r.ReadByte();
            if (code == Key)
            {
                byte raw = r.ReadByte();
                ulong count = r.ReadUInt64();
                if (raw >= KeyRawTypes.Length || count == 0 || count > KeyRawMax[raw])
                    throw r.Damaged($"key type {raw} with {count} keys");
                return new KeyDataViewType(KeyRawTypes[raw], count);
            }
            return code < Scalars.Length ? Scalars[code] : throw r.Damaged($"unknown column type code {code}");
        }
    }
}
