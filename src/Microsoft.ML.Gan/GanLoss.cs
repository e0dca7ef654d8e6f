namespace Microsoft.ML.Gan
{
    /// <summary>The adversarial objective the generator and discriminator are trained with.</summary>
    public enum GanLoss
    {
        /// <summary>
        /// Discriminator: binary cross-entropy. Generator: maximise log D(G(z)) (Goodfellow et al. 2014,
        /// the "non-saturating" heuristic): strong gradients early, when the discriminator wins easily.
        /// </summary>
        NonSaturating = 0,

        /// <summary>
        /// The original minimax game: the generator minimises log(1 - D(G(z))). Its gradient vanishes
        /// when the discriminator is confident, so it is offered for study rather than as a default.
        /// </summary>
        Minimax = 1,
    }
}
