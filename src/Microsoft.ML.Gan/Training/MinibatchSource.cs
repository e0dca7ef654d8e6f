using System;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>One minibatch of real rows (standardised features) and, for a conditional GAN, their condition vectors.</summary>
    internal readonly record struct Minibatch(Tensor Real, Tensor? Condition);

    /// <summary>
    /// Where training gets its real rows: the whole data as one tensor, a stream through a shuffle buffer,
    /// or a sampler that picks rows by condition (tables). The trainer only sees minibatches.
    /// </summary>
    internal abstract class MinibatchSource : IDisposable
    {
        /// <summary>Training rows when known up front (minibatch size is clamped to it); null for a stream of unknown length.</summary>
        public abstract long? Rows { get; }

        /// <summary>
        /// How rows reach the minibatches, as a checkpoint records it: another value gives another minibatch order, so a
        /// checkpoint resumes only from the same (in memory, or streamed through a buffer of the same size).
        /// </summary>
        public virtual string Order => "in memory";

        /// <summary>
        /// The managed generator a streaming source draws an epoch's row order with: seeded by one draw from the trainer's
        /// <paramref name="rng"/>, so deterministic for a seed, different every epoch, and no tensor per row.
        /// </summary>
        protected static Random EpochRandom(torch.Generator rng)
        {
            using var draw = torch.randint(int.MaxValue, new long[] { 1 }, dtype: ScalarType.Int64, device: rng.device,
                generator: DeviceDraws.Source(rng));
            return new Random((int)draw.item<long>());
        }

        /// <summary>
        /// Starts one pass over the data, drawing its order from <paramref name="rng"/>. Called outside any
        /// per-step dispose scope: epoch-wide tensors belong to the returned epoch and go with it.
        /// </summary>
        public abstract MinibatchEpoch StartEpoch(int batchSize, torch.Generator rng);

        /// <summary>
        /// A Poisson sample of the rows for DP-SGD: each row in independently with probability <paramref name="rate"/>,
        /// drawn from <paramref name="rng"/>, in the caller's scope (possibly empty). Only where <see cref="SamplesPoisson"/>.
        /// </summary>
        public virtual Minibatch PoissonSample(double rate, torch.Generator rng) =>
            throw new NotSupportedException("This source of rows cannot take Poisson samples.");

        /// <summary>Whether <see cref="PoissonSample"/> is supported: rows held in memory, picked without looking at them.</summary>
        public virtual bool SamplesPoisson => false;

        /// <summary>Conditions for rows the generator makes on its own (generator steps, monitoring); null when unconditional.</summary>
        public virtual Tensor? SampleConditions(long rows, torch.Generator rng) => null;

        /// <summary>Up to <paramref name="rows"/> real rows for monitoring (the same rows every epoch), in the caller's scope.</summary>
        public abstract Tensor MonitoringRows(int rows);

        /// <summary>
        /// Switches to the device path (<see cref="TrainingDevice"/>), once, before the first epoch: draws that need no
        /// host synchronisation, made with the generators the trainer passes (on <paramref name="device"/>), and rows
        /// held in memory moved to the device when they fit there (<see cref="DeviceResidence"/>, which tells
        /// <paramref name="ch"/>). A source that reads its rows from elsewhere (a stream) keeps them where they are.
        /// </summary>
        public virtual void EnterDevicePath(IChannel ch, torch.Device device) { }

        public virtual void Dispose() { }
    }

    /// <summary>One pass over the data; <see cref="TryNext"/> is called inside the step's dispose scope.</summary>
    internal abstract class MinibatchEpoch : IDisposable
    {
        /// <summary>The next full minibatch, its tensors in the caller's dispose scope; false at the end of the epoch.</summary>
        public abstract bool TryNext(out Minibatch batch);

        public virtual void Dispose() { }
    }
}
