using Microsoft.ML.Gan.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>A conditional GAN's condition: one slot per class, drawn with the training class frequencies.</summary>
    internal sealed class ClassConditions : ConditionLayout
    {
        private readonly Tensor _frequencies;

        public ClassConditions(ClassLabels classes)
        {
            Classes = classes;
            _frequencies = torch.tensor(classes.Frequencies);
        }

        public ClassLabels Classes { get; }

        public override int Width => Classes.Count;

        public override Tensor DrawSlots(long rows, torch.Generator rng) =>
            torch.multinomial(_frequencies, rows, replacement: true, generator: rng);

        public override void Dispose() => _frequencies.Dispose();
    }
}
