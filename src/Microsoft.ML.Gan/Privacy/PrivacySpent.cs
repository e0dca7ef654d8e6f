namespace Microsoft.ML.Gan.Privacy
{
    /// <summary>An (ε, δ) guarantee read off an RDP curve: ε, and the RDP order whose conversion gave the smallest ε.</summary>
    internal readonly record struct PrivacySpent(double Epsilon, double Order);
}
