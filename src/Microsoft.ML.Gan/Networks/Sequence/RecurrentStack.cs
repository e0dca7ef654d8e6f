using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Sequence
{
    /// <summary>
    /// Stacked single-layer GRUs, one width per layer (the options' hidden layer widths), batch first:
    /// [rows, steps, input] to [rows, steps, last width]. One GRU per layer rather than one multi-layer GRU, so that
    /// the layers may differ in width as the MLP's do.
    /// </summary>
    internal sealed class RecurrentStack : nn.Module<Tensor, Tensor>
    {
        private readonly ModuleList<GRU> layers;

        public RecurrentStack(int inputSize, IReadOnlyList<int> widths) : base(nameof(RecurrentStack))
        {
            if (widths.Count == 0)
                throw new ArgumentException("A recurrent stack needs at least one layer.", nameof(widths));
            layers = new ModuleList<GRU>();
            int width = inputSize;
            foreach (int h in widths)
            {
                layers.Add(nn.GRU(width, h, numLayers: 1, batchFirst: true));
                width = h;
            }
            OutputWidth = width;
            RegisterComponents();
        }

        /// <summary>Width of each step's output: the last layer's.</summary>
        public int OutputWidth { get; }

        public override Tensor forward(Tensor x)
        {
            foreach (var gru in layers)
                (x, _) = gru.call(x, null);
            return x;
        }

        /// <summary>
        /// Bytes of the stack's weights: per layer of input I and width H, GRU's three gates' input and recurrent
        /// weights (3H × I, 3H × H) and their two biases (3H each), 4-byte floats.
        /// </summary>
        public static long StateBytes(int inputSize, IReadOnlyList<int> widths)
        {
            long total = 0, input = inputSize;
            foreach (int h in widths)
            {
                total = checked(total + sizeof(float) * (3L * h * input + 3L * h * h + 6L * h));
                input = h;
            }
            return total;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                layers.Dispose();
            base.Dispose(disposing);
        }
    }
}
