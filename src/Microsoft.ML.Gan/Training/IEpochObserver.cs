using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Sees the network generation would use (the moving average when there is one) at the end of every epoch,
    /// and once more when training ends; a way to select among the epochs without the trainer knowing how.
    /// </summary>
    internal interface IEpochObserver
    {
        /// <summary>After epoch <paramref name="epoch"/> of <paramref name="epochs"/>; false stops training here.</summary>
        bool EpochEnded(int epoch, int epochs, Sequential generation, MinibatchSource data);

        /// <summary>The final generation network, before its batch-norm statistics are recomputed; may change its weights.</summary>
        void TrainingEnded(Sequential generation);
    }
}
