using System;
using System.IO;
using BenchmarkDotNet.Attributes;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// BenchmarkDotNet: Model.Save and Model.Load of the small 2-D model (<see cref="ModelSpec.Small"/>) to and
    /// from a file. Load disposes what it loaded (the generator's native tensors), so that is included.
    /// Run: dotnet run -c Release --project test/Microsoft.ML.Gan.Benchmarks -- bdn *PersistenceBenchmarks*
    /// </summary>
    [MemoryDiagnoser]
    public class PersistenceBenchmarks
    {
        private MLContext _ml = null!;
        private GanTransformer _model = null!;
        private DataViewSchema _schema = null!;
        private string _dir = null!;
        private string _savePath = null!;
        private string _loadPath = null!;

        [GlobalSetup]
        public void Setup()
        {
            _ml = new MLContext(seed: 1);
            (_model, _schema) = ModelSpec.Small.Train(_ml);
            _dir = Path.Combine(Path.GetTempPath(), "gan-bdn-persistence-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
            _savePath = Path.Combine(_dir, "saved.zip");
            _loadPath = Path.Combine(_dir, "load.zip");
            _ml.Model.Save(_model, _schema, _loadPath);
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _model.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        [Benchmark]
        public void Save() => _ml.Model.Save(_model, _schema, _savePath);

        [Benchmark]
        public int Load()
        {
            var loaded = new MLContext().Model.Load(_loadPath, out _);
            using var gan = BenchmarkData.Gan(loaded);
            return gan.OutputSize;
        }
    }
}
