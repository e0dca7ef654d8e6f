using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Keeps the generator of the best-scoring epoch: every <c>interval</c> epochs (and after the last) the
    /// generation network is scored (higher is better); a new best is copied aside, weights and buffers, and put
    /// back when training ends. Training stops early after <c>patience</c> scores in a row without a new best
    /// (0 = never).
    /// </summary>
    internal sealed class BestGenerator : IEpochObserver, IDisposable
    {
        private readonly Func<Sequential, MinibatchSource, double> _score;
        private readonly int _interval;
        private readonly int _patience;
        private readonly bool _restore;
        private readonly IChannel? _channel;
        private Dictionary<string, Tensor>? _best;
        private int _sinceBest;

        /// <param name="score">Scores a generation network on the training data's source; higher is better.</param>
        /// <param name="interval">Epochs between scores.</param>
        /// <param name="patience">Scores without a new best before training stops; 0 = never stop early.</param>
        /// <param name="restore">False: score only, keep the last epoch's weights (to measure what selection gains).</param>
        /// <param name="channel">Where each score is reported; null for none.</param>
        public BestGenerator(Func<Sequential, MinibatchSource, double> score, int interval, int patience, bool restore = true, IChannel? channel = null)
        {
            if (interval < 1)
                throw new ArgumentOutOfRangeException(nameof(interval), interval, "Score at least every epoch.");
            if (patience < 0)
                throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience is a count of scores, 0 or more.");
            _score = score;
            _interval = interval;
            _patience = patience;
            _restore = restore;
            _channel = channel;
        }

        /// <summary>The epoch whose generator is kept (0 before any score).</summary>
        public int BestEpoch { get; private set; }

        public double BestScore { get; private set; } = double.NegativeInfinity;

        public bool EpochEnded(int epoch, int epochs, Sequential generation, MinibatchSource data)
        {
            if (epoch % _interval != 0 && epoch != epochs)
                return true;
            double score = _score(generation, data);
            if (score > BestScore)
            {
                BestScore = score;
                BestEpoch = epoch;
                _sinceBest = 0;
                Snapshot(generation);
                _channel?.Info(MessageSensitivity.None, $"Epoch {epoch}: validation score {score:F4}, the best so far.");
                return true;
            }
            _sinceBest++;
            _channel?.Info(MessageSensitivity.None, $"Epoch {epoch}: validation score {score:F4}; the best is {BestScore:F4} at epoch {BestEpoch}.");
            if (_patience > 0 && _sinceBest >= _patience)
            {
                _channel?.Info(MessageSensitivity.None, $"Stopping early after epoch {epoch}: {_sinceBest} scores without improving on epoch {BestEpoch}.");
                return false;
            }
            return true;
        }

        public void TrainingEnded(Sequential generation)
        {
            if (!_restore || _best is null)
                return;
            using var noGrad = torch.no_grad();
            foreach (var (name, tensor) in generation.state_dict())
                tensor.copy_(_best[name]);
            _channel?.Info(MessageSensitivity.None, $"Kept the generator of epoch {BestEpoch} (validation score {BestScore:F4}).");
        }

        private void Snapshot(Sequential generation)
        {
            if (!_restore)
                return;
            var previous = _best;
            using (torch.no_grad())
                _best = generation.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
            DisposeAll(previous);
        }

        private static void DisposeAll(Dictionary<string, Tensor>? tensors)
        {
            foreach (var t in tensors?.Values ?? Enumerable.Empty<Tensor>())
                t.Dispose();
        }

        public void Dispose()
        {
            DisposeAll(_best);
            _best = null;
        }
    }
}
