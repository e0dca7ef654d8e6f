using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;

// Usage: Microsoft.ML.Gan.LoadCheck <model.zip> <output.bin> <count> <seed>
// Loads the model in this fresh process and writes Generate(count, seed)'s values as little-endian floats (a GAN's
// vectors), or, for a sequence GAN, every row's sequence id, step and features as little-endian doubles.
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
    if ((model as SequenceGanTransformer ?? (model as System.Collections.Generic.IEnumerable<ITransformer>)?.OfType<SequenceGanTransformer>().LastOrDefault()) is { } sequences)
    {
        WriteSequences(sequences, path, count, seed);
        return;
    }
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

// Sequences: every row's id, step and features, each as a double (Single features widen exactly).
static void WriteSequences(SequenceGanTransformer model, string path, int count, int seed)
{
    var generated = model.Generate(count, seed);
    using var output = new BinaryWriter(File.Create(path));
    using var cursor = generated.GetRowCursor(generated.Schema);
    var id = cursor.GetGetter<long>(generated.Schema[model.OutputSequenceIdColumnName]);
    var step = cursor.GetGetter<int>(generated.Schema[model.OutputStepColumnName]);
    var features = model.FeatureColumnNames.Select(name =>
    {
        var column = generated.Schema[name];
        if (column.Type == NumberDataViewType.Double)
        {
            var g = cursor.GetGetter<double>(column);
            return (Func<double>)(() => { double v = 0; g(ref v); return v; });
        }
        var f = cursor.GetGetter<float>(column);
        return () => { float v = 0; f(ref v); return v; };
    }).ToArray();
    long i = 0;
    int t = 0;
    while (cursor.MoveNext())
    {
        id(ref i);
        step(ref t);
        output.Write((double)i);
        output.Write((double)t);
        foreach (var feature in features)
            output.Write(feature());
    }
}
