using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Sequence
{
    /// <summary>
    /// A sequence generator behind the core's flat contract, [rows, latent + condition] to [rows, attributes + length ×
    /// step values]: the latent is read as one noise vector per step, one per sequence and (with attributes) one for the
    /// attributes. The attributes are generated first, by a small network from their noise, as DoppelGANger does; step
    /// t's input is then its own noise, the sequence's noise, the attributes and the condition, through stacked GRUs,
    /// then a linear layer activated per value (<see cref="BlockShape.Activate"/>). The per-sequence noise lets a whole
    /// window share what does not change along it (a sine's frequency and phase) without the recurrence having to invent
    /// it at step 0. Whole sequences add a present flag per step (see <see cref="SequenceNetworkSpec.VariableLength"/>).
    /// </summary>
    internal sealed class RecurrentGenerator : nn.Module<Tensor, Tensor>
    {
        /// <summary>Width of the attribute network's two hidden layers.</summary>
        public const int AttributeHidden = 64;

        private readonly RecurrentStack recurrent;
        private readonly Linear output;
        private readonly Sequential? attributes;
        private readonly SequenceNetworkSpec _spec;

        public RecurrentGenerator(SequenceNetworkSpec spec) : base(nameof(RecurrentGenerator))
        {
            _spec = spec;
            int attributeWidth = spec.Attributes.Width;
            recurrent = new RecurrentStack(2 * spec.NoisePerStep + attributeWidth + spec.ConditionSize, spec.GeneratorHidden);
            output = nn.Linear(recurrent.OutputWidth, spec.StepFeatures);
            if (attributeWidth > 0)
                attributes = nn.Sequential(nn.Linear(spec.NoisePerStep, AttributeHidden), nn.ReLU(), nn.Linear(AttributeHidden, AttributeHidden), nn.ReLU(),
                    nn.Linear(AttributeHidden, attributeWidth));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => Generate(x, null);

        /// <summary>
        /// Rows for the latent (and condition) <paramref name="x"/>; <paramref name="givenAttributes"/> [rows, attribute
        /// width], encoded as the data's attributes are (unweighted), replaces the generated attributes: conditional generation.
        /// </summary>
        public Tensor Generate(Tensor x, Tensor? givenAttributes)
        {
            var spec = _spec;
            long rows = x.shape[0], length = spec.Length, noise = spec.NoisePerStep;
            long stepNoise = length * noise;
            var perStep = x.narrow(1, 0, stepNoise).reshape(rows, length, noise);
            var perSequence = x.narrow(1, stepNoise, noise).unsqueeze(1).expand(rows, length, noise);
            var parts = new List<Tensor> { perStep, perSequence };
            Tensor? attributeValues = null;
            long conditionAt = stepNoise + noise;
            if (attributes is not null)
            {
                attributeValues = givenAttributes ?? spec.Attributes.Activate(attributes.forward(x.narrow(1, conditionAt, noise)));
                parts.Add(attributeValues.unsqueeze(1).expand(rows, length, spec.Attributes.Width));
                conditionAt += noise;
            }
            if (spec.ConditionSize > 0)
                parts.Add(x.narrow(1, conditionAt, spec.ConditionSize).unsqueeze(1).expand(rows, length, spec.ConditionSize));
            var raw = output.forward(recurrent.forward(torch.cat(parts, 2)));
            var steps = spec.VariableLength ? WithPresentFlag(raw) : spec.Step.Activate(raw);
            var flat = steps.reshape(rows, length * spec.StepFeatures);
            if (attributeValues is null)
                return flat;
            using var weight = spec.AttributeWeight.ToScalar();
            return torch.cat(new[] { attributeValues.mul(weight), flat }, 1);
        }

        // The step values times the present flag, then the flag: step 0 is always present, and step t is present with the
        // product of steps 1..t's continue probabilities, so the flag never rises again once it falls.
        private Tensor WithPresentFlag(Tensor raw)
        {
            var spec = _spec;
            long rows = raw.shape[0];
            var values = spec.Step.Activate(raw.narrow(2, 0, spec.Step.Width));
            var carryOn = torch.sigmoid(raw.narrow(2, spec.Step.Width, 1).narrow(1, 1, spec.Length - 1));
            var present = torch.cat(new[] { torch.ones(rows, 1, 1, dtype: raw.dtype, device: raw.device), carryOn }, 1).cumprod(1);
            return torch.cat(new[] { values * present, present }, 2);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                recurrent.Dispose();
                output.Dispose();
                attributes?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
