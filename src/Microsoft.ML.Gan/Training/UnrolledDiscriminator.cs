using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Gan.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Unrolled GAN (Metz et al. 2017), first-order form: before a generator step, the discriminator takes k
    /// more steps against the current generator, the generator's loss is taken against that look-ahead
    /// discriminator, and then the discriminator's weights, batch-norm statistics and Adam state are put back
    /// as they were. The generator is judged by a critic that has already answered its current samples, so
    /// moving all its mass onto the critic's present weak spot no longer pays.
    /// </summary>
    /// <remarks>
    /// The paper's full gradient also differentiates through the k updates (how the critic's answer depends on
    /// the generator). That needs the critic run on parameters that are functions of the generator's weights,
    /// which TorchSharp's modules cannot do (no functional module call); the term is omitted, as in common
    /// reimplementations. Each look-ahead step is an ordinary discriminator step: the same optimizer, loss,
    /// penalties and clipping, on the current minibatch of real rows with fresh noise (the paper's reference
    /// code also unrolls on the step's own data batch).
    /// </remarks>
    internal sealed class UnrolledDiscriminator : IDisposable
    {
        private readonly Tensor[] _live;
        private readonly Tensor[] _saved;
        private readonly OptimizerHelper _optimizer;
        private readonly MemoryStream _optimizerState = new();
        private bool _unrolled;

        /// <param name="critic">The discriminator whose steps are simulated.</param>
        /// <param name="optimizer">Its optimizer, whose state the simulated steps advance and <see cref="Restore"/> puts back.</param>
        /// <param name="steps">k, the simulated steps per generator step (at least 1).</param>
        public UnrolledDiscriminator(Discriminator critic, OptimizerHelper optimizer, int steps)
        {
            if (steps < 1)
                throw new ArgumentOutOfRangeException(nameof(steps), steps, "At least one unrolled step.");
            Steps = steps;
            _optimizer = optimizer;
            _live = critic.parameters().Cast<Tensor>().Concat(critic.buffers()).ToArray();
            // Copies made once, outside any step's dispose scope; every generator step copies into them in place.
            using var noGrad = torch.no_grad();
            _saved = _live.Select(t => t.detach().clone().DetachFromDisposeScope()).ToArray();
        }

        /// <summary>k, the simulated discriminator steps per generator step.</summary>
        public int Steps { get; }

        /// <summary>Saves the discriminator, then runs <paramref name="discriminatorStep"/> k times.</summary>
        public void Unroll(Action discriminatorStep)
        {
            if (_unrolled)
                throw new InvalidOperationException("The discriminator is already unrolled; Restore it first.");
            using (torch.no_grad())
            {
                for (int i = 0; i < _live.Length; i++)
                    _saved[i].copy_(_live[i]);
            }
            _optimizerState.SetLength(0);
            using (var writer = new BinaryWriter(_optimizerState, System.Text.Encoding.UTF8, leaveOpen: true))
                _optimizer.save_state_dict(writer);
            _unrolled = true;
            for (int k = 0; k < Steps; k++)
                discriminatorStep();
        }

        /// <summary>
        /// Puts the discriminator back as <see cref="Unroll"/> found it. Call after the generator's backward pass:
        /// that pass reads the unrolled weights, which must not change before it.
        /// </summary>
        public void Restore()
        {
            if (!_unrolled)
                return;
            using (torch.no_grad())
            {
                for (int i = 0; i < _live.Length; i++)
                    _live[i].copy_(_saved[i]);
            }
            _optimizerState.Position = 0;
            // Adam's state loads into its existing tensors, so nothing lands in the step's dispose scope.
            using (var reader = new BinaryReader(_optimizerState, System.Text.Encoding.UTF8, leaveOpen: true))
                _optimizer.load_state_dict(reader);
            _unrolled = false;
        }

        public void Dispose()
        {
            foreach (var t in _saved)
                t.Dispose();
            _optimizerState.Dispose();
        }
    }
}
