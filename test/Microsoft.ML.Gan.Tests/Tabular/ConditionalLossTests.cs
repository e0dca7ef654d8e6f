using System;
using System.Linq;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    [TestClass]
    public sealed class ConditionalLossTests
    {
        // [tanh][3-way][2-way]: discrete groups at 1..3 and 4..5; the condition vector has 5 slots.
        private static readonly OutputSpan[] Discrete = { new(1, 3, SpanKind.Softmax), new(4, 2, SpanKind.Softmax) };

        [TestMethod]
        public void CrossEntropyOfTheNamedColumnAveragedOverRows()
        {
            using var scope = torch.NewDisposeScope();
            var logits = torch.tensor(new float[,] { { 9, 1, 2, 3, 0, 0 }, { 9, 0, 0, 5, 2, -1 } });
            // Row 0 names column 0, category 2; row 1 names column 1, category 0.
            var condition = torch.tensor(new float[,] { { 0, 0, 1, 0, 0 }, { 0, 0, 0, 1, 0 } });
            double row0 = -(3 - Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)));
            double row1 = -(2 - Math.Log(Math.Exp(2) + Math.Exp(-1)));
            Assert.AreEqual((row0 + row1) / 2, ConditionalLoss.FromLogits(logits, condition, Discrete).item<float>(), 1e-5);
        }

        [TestMethod]
        public void OtherColumnsAndScalarsDoNotMatter()
        {
            using var scope = torch.NewDisposeScope();
            var logits = torch.randn(16, 6, generator: new torch.Generator(1));
            var condition = torch.zeros(16, 5);
            condition.index_put_(torch.ones(16), torch.arange(16), torch.full(16, 4L));   // every row names column 1
            var changed = logits.clone();
            changed.narrow(1, 0, 4).add_(torch.randn(16, 4, generator: new torch.Generator(2)) * 5);
            Assert.AreEqual(ConditionalLoss.FromLogits(logits, condition, Discrete).item<float>(),
                ConditionalLoss.FromLogits(changed, condition, Discrete).item<float>(), 1e-6);
        }

        [TestMethod]
        public void LogitFormIsTheCrossEntropyOfTheGeneratedProbabilities()
        {
            using var scope = torch.NewDisposeScope();
            var logits = torch.randn(32, 6, generator: new torch.Generator(3));
            var generated = torch.cat(new[] { logits.narrow(1, 0, 1).tanh(), logits.narrow(1, 1, 3).softmax(1), logits.narrow(1, 4, 2).softmax(1) }, 1);
            using var sampler = torch.multinomial(torch.ones(5), 32, replacement: true, generator: new torch.Generator(4));
            var condition = torch.nn.functional.one_hot(sampler, 5).to_type(ScalarType.Float32);
            // The logit form is the cross-entropy of the generated probabilities of the named categories.
            var logp = torch.cat(new[] { generated.narrow(1, 1, 3), generated.narrow(1, 4, 2) }, 1).log();
            Assert.AreEqual(-(condition * logp).sum(1).mean().item<float>(),
                ConditionalLoss.FromLogits(logits, condition, Discrete).item<float>(), 1e-4);
            var e = Assert.ThrowsExactly<ArgumentException>(() => ConditionalLoss.FromLogits(logits, torch.zeros(32, 4), Discrete));
            StringAssert.Contains(e.Message, "5");
        }

        [TestMethod]
        public void MinimisingTheLossOnTheLogitsTeachesTheCondition()
        {
            var spans = new[] { new OutputSpan(0, 1, SpanKind.Tanh), Discrete[0], Discrete[1] };
            var loss = ConditionalLoss.OnLogits(Discrete);
            // A "generator" that is a free table of logits for 5 rows, each with a condition.
            var parameters = new TorchSharp.Modules.Parameter(torch.zeros(5, 6));
            var optimizer = torch.optim.Adam(new[] { parameters }, 0.1);
            using var condition = torch.eye(5);
            float first = 0, last = 0;
            for (int step = 0; step < 100; step++)
            {
                using var s = torch.NewDisposeScope();
                optimizer.zero_grad();
                var value = loss(parameters, condition);
                value.backward();
                optimizer.step();
                if (step == 0) first = value.item<float>();
                last = value.item<float>();
            }
            Assert.IsTrue(last < 0.1 * first, $"loss {first} → {last}");
            using var noGrad = torch.no_grad();
            using var probs = parameters.narrow(1, 1, 3).softmax(1);
            Assert.IsTrue(probs[0, 0].item<float>() > 0.9 && probs[2, 2].item<float>() > 0.9);
            // The rows the activation makes of these logits carry the requested categories.
            using var rows = new OutputActivation(spans).Sample(parameters.detach(), noise: null);
            Assert.IsTrue(rows[0, 1].item<float>() == 1 && rows[2, 3].item<float>() == 1);
        }
    }
}
