using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// Weight initialisation drawn from a given generator rather than torch's process-wide one, so that a seed
    /// fixes the weights whatever else the process does with torch's global random state.
    /// </summary>
    internal static class ParameterInit
    {
        /// <summary>
        /// Linear layers: PyTorch's default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases.
        /// Convolutions: N(0, 0.02), biases 0; GRUs: PyTorch's default; batch norm: scale N(1, 0.02), shift 0 (Radford et al. 2016).
        /// </summary>
        public static void Reset(nn.Module module, torch.Generator rng)
        {
            using var noGrad = torch.no_grad();
            foreach (var sub in module.modules())
            {
                switch (sub)
                {
                    case Linear linear:
                        double bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
                        linear.weight.uniform_(-bound, bound, rng);
                        linear.bias?.uniform_(-bound, bound, rng);
                        break;
                    case Conv2d conv:
                        conv.weight!.normal_(0, 0.02, rng);
                        conv.bias?.zero_();
                        break;
                    case UnfoldConv2d unfold:
                        unfold.Weight.normal_(0, 0.02, rng);
                        unfold.Bias.zero_();
                        break;
                    case FoldConvTranspose2d fold:
                        fold.Weight.normal_(0, 0.02, rng);
                        fold.Bias.zero_();
                        break;
                    case ConvTranspose2d deconv:
                        deconv.weight!.normal_(0, 0.02, rng);
                        deconv.bias?.zero_();
                        break;
                    case BatchNorm1d bn1:
                        bn1.weight!.normal_(1, 0.02, rng);
                        bn1.bias!.zero_();
                        break;
                    case GRU gru:
                        // PyTorch's default for recurrent layers: every weight and bias U(-1/sqrt(H), 1/sqrt(H)), H the
                        // width (a third of each gate-stacked tensor's first dimension).
                        foreach (var p in gru.parameters())
                        {
                            double gruBound = 1.0 / Math.Sqrt(p.shape[0] / 3);
                            p.uniform_(-gruBound, gruBound, rng);
                        }
                        break;
                    case BatchNorm2d bn2:
                        bn2.weight!.normal_(1, 0.02, rng);
                        bn2.bias!.zero_();
                        break;
                }
            }
            // The projection term sums over every critic feature (thousands for convolutional maps); with the usual
            // initialisation it swamps the logit and the critic wins at once (a conditional DCGAN on digits learned
            // nothing). Starting from zero, the critic begins unconditional and learns the class directions.
            if (module is Discriminator { Projection: { } projection })
                projection.weight!.zero_();
        }
    }
}
