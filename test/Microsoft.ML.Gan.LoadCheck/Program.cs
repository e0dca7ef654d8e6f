using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;

// Usage: Microsoft.ML.Gan.LoadCheck <model.zip> <output.bin> <count> <seed>
// Loads the model in this fresh process and writes Generate(count, seed)'s values as little-endian floats.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: <model.zip> <output.bin> <count> <seed>");
    return 2;
}
bool loadedBefore = AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.ML.Gan");
var ml = new MLContext();
ITransformer model = ml.Model.Load(args[0], out _);
WriteGenerated(model, args[1], int.Parse(args[2]), int.Parse(args[3]));
Console.WriteLine($"loaded {model.GetType().Name} (assembly loaded before Model.Load: {loadedBefore})");
return 0;

// A separate method, so that compiling the code above does not load Microsoft.ML.Gan.
[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
static void WriteGenerated(ITransformer model, string path, int count, int seed)
{
    var gan = model as GanTransformer
        ?? (model as System.Collections.Generic.IEnumerable<ITransformer>)?.OfType<GanTransformer>().LastOrDefault()
        ?? throw new InvalidOperationException($"No GanTransformer in the loaded {model.GetType().Name}.");

    var generated = gan.Generate(count, seed);
    var column = generated.Schema[gan.OutputColumnName];
    using var output = new BinaryWriter(File.Create(path));
    using var cursor = generated.GetRowCursor(new[] { column });
    var getter = cursor.GetGetter<VBuffer<float>>(column);
    VBuffer<float> row = default;
    while (cursor.MoveNext())
    {
        getter(ref row);
        output.Write(MemoryMarshal.AsBytes(row.DenseValues().ToArray().AsSpan()));
    }
}
