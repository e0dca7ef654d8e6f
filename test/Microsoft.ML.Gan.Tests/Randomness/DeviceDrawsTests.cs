using System.Linq;
using Microsoft.ML.Gan.Randomness;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Randomness
{
    [TestClass]
    public sealed class DeviceDrawsTests
    {
        [TestMethod]
        public void CategoriesFollowTheirWeightsAndZeroWeightsAreNeverDrawn()
        {
            using var scope = torch.NewDisposeScope();
            const int n = 40000;
            // Row law: weights 1, 0, 3, 0 (last non-zero: 2); every row the same distribution.
            var cumulative = DeviceDraws.Cumulative(torch.tensor(new float[] { 1, 0, 3, 0 })).unsqueeze(0).expand(n, -1);
            var last = torch.full(n, 2L, torch.ScalarType.Int64);
            var drawn = DeviceDraws.Categories(cumulative, last, new torch.Generator(7)).data<long>().ToArray();
            Assert.AreEqual(n, drawn.Length);
            Assert.IsFalse(drawn.Any(c => c is 1 or 3), "a zero weight is never drawn");
            Assert.AreEqual(0.25, drawn.Count(c => c == 0) / (double)n, 0.01);
            Assert.AreEqual(0.75, drawn.Count(c => c == 2) / (double)n, 0.01);
        }

        [TestMethod]
        public void ACudaDrawPassesNoGeneratorBecauseTorchSharpMakesOnlyCpuGenerators()
        {
            using var cpu = new torch.Generator(1);
            Assert.AreSame(cpu, DeviceDraws.Source(cpu), "the CPU path draws from its own seeded generator");
            // Made without touching CUDA: TorchSharp 0.107 ignores the device and makes a CPU generator that reports it.
            using var named = new torch.Generator(1, new torch.Device(DeviceType.CUDA));
            Assert.AreEqual(DeviceType.CUDA, named.device.type);
            using (var state = named.get_state())
            using (var cpuState = cpu.get_state())
                CollectionAssert.AreEqual(cpuState.shape, state.shape, "a CPU generator's state: it could not draw on CUDA");
            Assert.IsNull(DeviceDraws.Source(named), "a CUDA draw takes the device's default generator");
        }

        [TestMethod]
        public void EachRowDrawsFromItsOwnWeightsAndASeedGivesTheSameDraws()
        {
            using var scope = torch.NewDisposeScope();
            var weights = torch.tensor(new float[] { 1, 0, 0, 0, 1, 0 }, new long[] { 2, 3 });
            var cumulative = DeviceDraws.Cumulative(weights).repeat(500, 1);
            var last = torch.tensor(new long[] { 0, 1 }).repeat(500);
            var a = DeviceDraws.Categories(cumulative, last, new torch.Generator(1)).data<long>().ToArray();
            var b = DeviceDraws.Categories(cumulative, last, new torch.Generator(1)).data<long>().ToArray();
            CollectionAssert.AreEqual(a, b);
            Assert.IsTrue(a.Where((c, i) => i % 2 == 0).All(c => c == 0));
            Assert.IsTrue(a.Where((c, i) => i % 2 == 1).All(c => c == 1));
        }
    }
}
