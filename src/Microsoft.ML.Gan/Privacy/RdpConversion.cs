using System;
using System.Collections.Generic;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Privacy
{
    /// <summary>
    /// From RDP to (ε, δ)-DP: a mechanism with RDP ε_α at order α is (ε, δ)-DP for
    /// ε = ε_α + log((α − 1)/α) − (log δ + log α)/(α − 1) (Balle, Barthe, Gaboardi, Hsu and Sato, "Hypothesis testing
    /// interpretations and Rényi differential privacy", AISTATS 2020, theorem 21), minimised over the orders given;
    /// the conversion Opacus's get_privacy_spent uses, tighter than Mironov's ε_α + log(1/δ)/(α − 1).
    /// </summary>
    internal static class RdpConversion
    {
        /// <summary>
        /// The smallest ε over <paramref name="orders"/> and its order (the first on ties); orders whose ε is not a
        /// number are skipped, and with none left the guarantee is ε = +∞ at no order (NaN).
        /// </summary>
        public static PrivacySpent ToEpsilon(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta)
        {
            Contracts.CheckValue(orders, nameof(orders));
            Contracts.CheckValue(rdp, nameof(rdp));
            Contracts.CheckParam(orders.Count == rdp.Count && orders.Count > 0, nameof(rdp),
                $"One RDP value per order, at least one; there were {orders.Count} orders and {rdp.Count} values.");
            Contracts.CheckParam(delta > 0 && delta < 1, nameof(delta), $"δ is in (0, 1); it was {delta}.");
            double logDelta = Math.Log(delta);
            var best = new PrivacySpent(double.PositiveInfinity, double.NaN);
            bool found = false;
            for (int k = 0; k < orders.Count; k++)
            {
                double alpha = orders[k];
                double epsilon = rdp[k] - (logDelta + Math.Log(alpha)) / (alpha - 1) + Math.Log((alpha - 1) / alpha);
                if (double.IsNaN(epsilon))
                    continue;
                if (!found || epsilon < best.Epsilon)
                    best = new PrivacySpent(epsilon, alpha);
                found = true;
            }
            return best;
        }
    }
}
