using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>The pieces used the way the generic trainer will: source → generator(z, c) → activation → conditional loss → decode.</summary>
    [TestClass]
    public sealed class TabularPipelineTests
    {
        [TestMethod]
        public void ConditionalLossAloneTeachesAGeneratorToHonourItsCondition()
        {
            var ml = new MLContext(1);
            var view = TableTestData.Mixed(ml, 600);
            var table = TableTestData.Read(view);
            var encoding = TableEncoding.Fit(table, seed: 1);
            using var encoded = encoding.EncodeTensor(table, new Random(1));
            using var sampler = new ConditionalSampler(table.Categorical.ToList());
            using var source = new TableMinibatches(encoded, sampler);

            torch.manual_seed(1);
            const int latent = 8;
            var activation = new OutputActivation(encoding.Spans);
            using var generator = nn.Sequential(
                ("linear0", nn.Linear(latent + sampler.Width, 64)), ("relu0", nn.ReLU()),
                ("output", nn.Linear(64, encoding.Width)));
            var loss = ConditionalLoss.OnLogits(encoding.DiscreteSpans);
            var optimizer = torch.optim.Adam(generator.parameters(), 0.01);
            var rng = new torch.Generator(2);
            generator.train();
            for (int step = 0; step < 150; step++)
            {
                using var scope = torch.NewDisposeScope();
                var condition = source.SampleConditions(64, rng)!;
                var z = torch.randn(64, latent, generator: rng);
                optimizer.zero_grad();
                var logits = generator.forward(torch.cat(new[] { z, condition }, 1));
                loss(logits, condition).backward();
                optimizer.step();
            }

            // Conditioned on City = "Rome", generated rows say Rome; decoded rows keep the table's schema.
            generator.eval();
            using (torch.no_grad())
            using (var scope = torch.NewDisposeScope())
            {
                var condition = sampler.Conditions.Fixed(200, sampler.Conditions.Slot("City", "Rome"));
                var generated = activation.Sample(generator.forward(torch.cat(new[] { torch.randn(200, latent, generator: rng), condition }, 1)), rng);
                var values = generated.cpu().contiguous().data<float>().ToArray();
                var rows = TableTestData.View(encoding.Decode(values, 200));
                var cities = TableTestData.Texts(rows, "City");
                Assert.IsTrue(cities.Count(c => c == "Rome") > 190, string.Join(",", cities.Take(20)));
                CollectionAssert.AreEqual(view.Schema.Select(c => c.Name).ToArray(), rows.Schema.Select(c => c.Name).ToArray());
                CollectionAssert.AreEqual(view.Schema.Select(c => c.Type).ToArray(), rows.Schema.Select(c => c.Type).ToArray());
                var ages = TableTestData.Values<int>(rows, "Age");
                Assert.IsTrue(ages.All(a => a >= 18 && a <= 77), "inside the training range");
                Assert.IsTrue(TableTestData.Values<float>(rows, "Constant").All(v => v == 7.5f));
            }
        }
    }
}
