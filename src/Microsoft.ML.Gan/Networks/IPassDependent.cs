namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// Marks a module whose output for a row depends on the pass that computes it, not on the row alone: it mixes
    /// the rows of a batch, or draws its random numbers once per pass (seeded dropout). The discriminator asks its
    /// layers for it, as it asks for torch's batch norms, to know whether one pass over real and generated rows
    /// scores them exactly as two passes would (<see cref="Discriminator.ScoresPacksApart"/>); a network of any
    /// kind marks its own modules, so that the discriminator need not know them.
    /// </summary>
    internal interface IPassDependent
    {
    }
}
