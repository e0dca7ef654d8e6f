using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Networks.Tabular;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The generator's conditional loss (Xu et al. 2019): for each generated row, the cross-entropy between the
    /// one-hot group of the column its condition names and the named category, averaged over rows. Because a
    /// condition vector is a one-hot over the concatenated categories of all categorical columns, multiplying it
    /// with the concatenated per-group log-probabilities masks every other column out. It computes on the logits'
    /// device: the trainer gives it conditions already moved there.
    /// </summary>
    internal static class ConditionalLoss
    {
        /// <summary>From pre-activation logits (log-softmax per categorical group): the paper's form, well-conditioned.</summary>
        public static Tensor FromLogits(Tensor logits, Tensor condition, IReadOnlyList<OutputSpan> discreteSpans)
        {
            Check(condition, discreteSpans);
            if (discreteSpans.Count == 0)
                return torch.zeros(Array.Empty<long>(), dtype: logits.dtype, device: logits.device);
            var logp = torch.cat(discreteSpans.Select(s => logits.narrow(1, s.Start, s.Length).log_softmax(1)).ToArray(), 1);
            return -(condition * logp).sum(1).mean();
        }

        /// <summary>The loss in the trainer's shape: (the generator's logits, the conditions) → scalar.</summary>
        public static Func<Tensor, Tensor, Tensor> OnLogits(IReadOnlyList<OutputSpan> discreteSpans) =>
            (logits, condition) => FromLogits(logits, condition, discreteSpans);

        private static void Check(Tensor condition, IReadOnlyList<OutputSpan> discreteSpans)
        {
            long width = discreteSpans.Sum(s => (long)s.Length);
            if (condition.dim() != 2 || condition.shape[1] != width)
                throw new ArgumentException($"Expected conditions of shape [rows, {width}] (the categorical groups' total), got [{string.Join(", ", condition.shape)}].", nameof(condition));
        }
    }
}
