using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Walks an Adam state as TorchSharp's <c>Optimizer.save_state_dict</c> writes it, before its reader sees a
    /// checkpoint's bytes: that reader allocates a rank's array from the declared rank, and AMSGrad's tensor from the
    /// declared shape, before comparing anything with the optimizer. The layout: the optimizer's type name, LEB128
    /// counts of parameter groups and of per-parameter states; per group six doubles (initial and current learning
    /// rate, β₁, β₂, ε, weight decay) and two Booleans (AMSGrad, maximize); per state the Int64 step, the two moment
    /// tensors, and a Boolean saying whether AMSGrad's tensor follows.
    /// </summary>
    internal static class AdamStateBytes
    {
        private const int GroupBytes = 6 * sizeof(double) + 2;
        // A state's smallest form: its step, two empty scalar tensors (dtype and rank, one byte each), the flag.
        private const int SmallestStateBytes = sizeof(long) + 2 * 2 + 1;

        /// <summary>Throws <see cref="System.IO.InvalidDataException"/> unless every size in <paramref name="bytes"/> is backed by stored bytes.</summary>
        public static void Check(byte[] bytes, string what)
        {
            var r = new PayloadReader(bytes, what);
            r.ReadString();
            long groups = r.Read7BitEncoded(9, "the parameter group count");
            long states = r.Read7BitEncoded(9, "the state count");
            if (groups > r.Remaining / GroupBytes || states > r.Remaining / SmallestStateBytes)
                throw r.Damaged($"it declares {groups} parameter groups and {states} parameter states in {r.Remaining} bytes");
            for (long i = 0; i < groups; i++)
                r.Skip(GroupBytes);
            for (long i = 0; i < states; i++)
            {
                r.ReadInt64();
                ModuleBytes.SkipTensor(r);
                ModuleBytes.SkipTensor(r);
                if (r.ReadBoolean())
                    ModuleBytes.SkipTensor(r);
            }
            r.ExpectEnd();
        }
    }
}
