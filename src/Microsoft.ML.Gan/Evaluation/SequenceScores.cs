using System;
using System.Threading;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// The time-series GAN literature's two scores of generated windows, computed by post-hoc GRUs as the published
    /// protocol defines them (docs/ARCHITECTURE.md, "Sequence scores"): the <b>discriminative score</b>
    /// (|accuracy − 0.5| of a GRU classifier telling real from generated windows, 0 best) and the <b>predictive score</b>
    /// (mean absolute error, on real windows, of a GRU next-step predictor trained on generated ones; lower is better).
    /// </summary>
    /// <remarks>
    /// Windows are flat arrays of count × length × features values, row-major (window, step, feature), every feature
    /// scaled to [0, 1] (<see cref="SequenceWindows"/>). Every draw (the split, the weights, each minibatch) comes from a
    /// CPU generator on its own stream of the seed (<see cref="SeedStreams"/>), so a seed gives the same score in every
    /// process with the same libtorch thread count. The networks train on the CPU: they have one to a few hidden units,
    /// too small for a GPU to help.
    /// </remarks>
    internal static class SequenceScores
    {
        /// <summary>Windows per minibatch of both scores (the protocol's 128).</summary>
        public const int BatchSize = 128;

        /// <summary>The protocol's training steps of the discriminative score's classifier.</summary>
        public const int DiscriminativeSteps = 2000;

        /// <summary>The protocol's training steps of the predictive score's predictor.</summary>
        public const int PredictiveSteps = 5000;

        /// <summary>The share of each set the classifier trains on; it is tested on the rest.</summary>
        public const double TrainShare = 0.8;

        /// <summary>Adam's learning rate (the published code's optimizer default).</summary>
        public const double LearningRate = 0.001;

        // Windows per forward pass when scoring the test sets, so that memory stays bounded on large sets.
        private const int TestChunk = 4096;

        // Streams of the seed: the classifier's and the predictor's draws are independent of each other.
        private const long DiscriminativeStream = 0x5E9D_0000;
        private const long PredictiveStream = 0x5E9F_0000;
        private const long WeightsOffset = 1, SplitOffset = 2, BatchOffset = 3;

        /// <summary>The GRU's hidden size: half the features, rounded down, at least 1 (the published code's int(dim / 2)).</summary>
        public static int HiddenSize(int features) => Math.Max(1, features / 2);

        /// <summary>
        /// |accuracy − 0.5| of a one-layer GRU classifier (its last hidden state through one sigmoid unit) trained on a
        /// random <see cref="TrainShare"/> of <paramref name="real"/> and of <paramref name="generated"/> (each minibatch
        /// <see cref="BatchSize"/> windows of each, binary cross-entropy of both halves summed, Adam) and tested on the
        /// other windows of both; a window counts as real when the classifier's probability is above 0.5.
        /// </summary>
        /// <param name="real">The real windows.</param>
        /// <param name="generated">The generated windows.</param>
        /// <param name="length">Steps per window.</param>
        /// <param name="features">Values per step; the hidden size is <see cref="HiddenSize"/> of it.</param>
        /// <param name="seed">Seeds the split, the weights and the minibatches.</param>
        /// <param name="cancel">Checked before every training step.</param>
        /// <param name="steps">Training steps; the protocol's <see cref="DiscriminativeSteps"/> unless a test needs fewer.</param>
        public static double Discriminative(float[] real, float[] generated, int length, int features, int seed,
            CancellationToken cancel = default, int steps = DiscriminativeSteps)
        {
            int realCount = SequenceWindows.Count(real, nameof(real), length, features);
            int generatedCount = SequenceWindows.Count(generated, nameof(generated), length, features);
            CheckTwo(realCount, nameof(real));
            CheckTwo(generatedCount, nameof(generated));
            Contracts.CheckParam(steps >= 1, nameof(steps), "must be at least 1.");

            using var scope = torch.NewDisposeScope();
            using var splitRng = Generator(seed, DiscriminativeStream + SplitOffset);
            using var weightsRng = Generator(seed, DiscriminativeStream + WeightsOffset);
            using var batchRng = Generator(seed, DiscriminativeStream + BatchOffset);
            var (realTrain, realTest) = Split(SequenceWindows.ToTensor(real, length, features), splitRng);
            var (generatedTrain, generatedTest) = Split(SequenceWindows.ToTensor(generated, length, features), splitRng);

            using var model = new PostHocGru(features, HiddenSize(features), weightsRng);
            using var optimizer = optim.Adam(model.Parameters, LearningRate);
            for (int step = 0; step < steps; step++)
            {
                cancel.ThrowIfCancellationRequested();
                using var stepScope = torch.NewDisposeScope();
                var realBatch = Minibatch(realTrain, batchRng);
                var generatedBatch = Minibatch(generatedTrain, batchRng);
                var realLogits = model.LastStateLogits(realBatch);
                var generatedLogits = model.LastStateLogits(generatedBatch);
                var loss = nn.functional.binary_cross_entropy_with_logits(realLogits, torch.ones_like(realLogits))
                    + nn.functional.binary_cross_entropy_with_logits(generatedLogits, torch.zeros_like(generatedLogits));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }

            cancel.ThrowIfCancellationRequested();
            using var noGrad = torch.no_grad();
            // sigmoid(logit) > 0.5 exactly when logit > 0.
            long correct = Count(realTest, x => model.LastStateLogits(x).gt(0))
                + Count(generatedTest, x => model.LastStateLogits(x).le(0));
            double accuracy = (double)correct / (realTest.shape[0] + generatedTest.shape[0]);
            return Math.Abs(accuracy - 0.5);
        }

        /// <summary>
        /// Mean absolute error, over every window of <paramref name="testOn"/> and step, of a one-layer GRU predictor
        /// trained on <paramref name="trainOn"/>: from the other features at steps 0 … length − 2 it predicts the last
        /// feature at steps 1 … length − 1 (each step's hidden state through one sigmoid unit). Training: minibatches of
        /// <see cref="BatchSize"/> windows drawn anew each step, mean absolute error, Adam.
        /// </summary>
        /// <param name="trainOn">The windows the predictor learns from: generated ones for the score, real ones for its reference.</param>
        /// <param name="testOn">The real windows the error is measured on.</param>
        /// <param name="length">Steps per window.</param>
        /// <param name="features">Values per step; the hidden size is <see cref="HiddenSize"/> of it.</param>
        /// <param name="seed">Seeds the weights and the minibatches.</param>
        /// <param name="cancel">Checked before every training step.</param>
        /// <param name="steps">Training steps; the protocol's <see cref="PredictiveSteps"/> unless a test needs fewer.</param>
        public static double Predictive(float[] trainOn, float[] testOn, int length, int features, int seed,
            CancellationToken cancel = default, int steps = PredictiveSteps)
        {
            Contracts.CheckParam(length >= 2, nameof(length), "must be at least 2: the predictor predicts one step ahead.");
            Contracts.CheckParam(features >= 2, nameof(features), "must be at least 2: the predictor predicts the last feature from the others.");
            SequenceWindows.Count(trainOn, nameof(trainOn), length, features);
            SequenceWindows.Count(testOn, nameof(testOn), length, features);
            Contracts.CheckParam(steps >= 1, nameof(steps), "must be at least 1.");

            using var scope = torch.NewDisposeScope();
            using var weightsRng = Generator(seed, PredictiveStream + WeightsOffset);
            using var batchRng = Generator(seed, PredictiveStream + BatchOffset);
            var (trainInputs, trainTargets) = Aligned(SequenceWindows.ToTensor(trainOn, length, features));
            var (testInputs, testTargets) = Aligned(SequenceWindows.ToTensor(testOn, length, features));

            using var model = new PostHocGru(features - 1, HiddenSize(features), weightsRng);
            using var optimizer = optim.Adam(model.Parameters, LearningRate);
            long trainCount = trainInputs.shape[0];
            for (int step = 0; step < steps; step++)
            {
                cancel.ThrowIfCancellationRequested();
                using var stepScope = torch.NewDisposeScope();
                var rows = torch.randperm(trainCount, generator: batchRng).narrow(0, 0, Math.Min(BatchSize, trainCount));
                var prediction = torch.sigmoid(model.StepLogits(trainInputs.index_select(0, rows)));
                var loss = (prediction - trainTargets.index_select(0, rows)).abs().mean();
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }

            cancel.ThrowIfCancellationRequested();
            using var noGrad = torch.no_grad();
            double sum = 0;
            long testCount = testInputs.shape[0];
            for (long start = 0; start < testCount; start += TestChunk)
            {
                using var chunkScope = torch.NewDisposeScope();
                long n = Math.Min(TestChunk, testCount - start);
                var prediction = torch.sigmoid(model.StepLogits(testInputs.narrow(0, start, n)));
                sum += (prediction - testTargets.narrow(0, start, n)).abs().to_type(ScalarType.Float64).sum().ToDouble();
            }
            // Every window has length − 1 predicted steps, so the mean of the per-window means is the overall mean.
            return sum / (testCount * (length - 1));
        }

        private static void CheckTwo(int count, string paramName)
        {
            if (count < 2)
                throw Contracts.ExceptParam(paramName, "holds 1 window; the discriminative score needs at least 2 (some to train on, some to test on).");
        }

        private static torch.Generator Generator(int seed, long stream) => new(SeedStreams.Derive(seed, stream), torch.CPU);

        // A random TrainShare of the windows (rounded down, at least 1 and at most all but 1) and the rest.
        private static (Tensor Train, Tensor Test) Split(Tensor windows, torch.Generator rng)
        {
            long count = windows.shape[0];
            long train = Math.Clamp((long)Math.Floor(count * TrainShare), 1, count - 1);
            var order = torch.randperm(count, generator: rng);
            return (windows.index_select(0, order.narrow(0, 0, train)), windows.index_select(0, order.narrow(0, train, count - train)));
        }

        // BatchSize windows drawn without replacement (all of them when there are fewer).
        private static Tensor Minibatch(Tensor windows, torch.Generator rng)
        {
            long count = windows.shape[0];
            return windows.index_select(0, torch.randperm(count, generator: rng).narrow(0, 0, Math.Min(BatchSize, count)));
        }

        // Inputs: every feature but the last at steps 0 … L − 2; targets: the last feature at steps 1 … L − 1.
        private static (Tensor Inputs, Tensor Targets) Aligned(Tensor windows)
        {
            long length = windows.shape[1], features = windows.shape[2];
            var inputs = windows.narrow(1, 0, length - 1).narrow(2, 0, features - 1).contiguous();
            var targets = windows.narrow(1, 1, length - 1).select(2, features - 1).contiguous();
            return (inputs, targets);
        }

        private static long Count(Tensor windows, Func<Tensor, Tensor> decide)
        {
            long total = 0, count = windows.shape[0];
            for (long start = 0; start < count; start += TestChunk)
            {
                using var chunkScope = torch.NewDisposeScope();
                total += decide(windows.narrow(0, start, Math.Min(TestChunk, count - start))).sum().ToInt64();
            }
            return total;
        }
    }
}
