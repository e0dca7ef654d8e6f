namespace Microsoft.ML.Gan
{
    /// <summary>The objective the generator (and, except for <see cref="Mmd"/>, the discriminator) is trained with.</summary>
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

        /// <summary>
        /// Wasserstein GAN with gradient penalty (Gulrajani et al. 2017): the discriminator is a critic
        /// whose output difference estimates the Wasserstein-1 distance; a penalty of weight
        /// <c>GradientPenaltyWeight</c> keeps its gradient norm near 1. Use several critic steps
        /// (<c>DiscriminatorSteps</c> = 5 is the paper's choice).
        /// </summary>
        Wasserstein = 2,

        /// <summary>Least-squares GAN (Mao et al. 2017): squared error to targets 1 (real) and 0 (generated).</summary>
        LeastSquares = 3,

        /// <summary>Hinge loss (Lim and Ye 2017; Miyato et al. 2018): max(0, 1 - D(x)) + max(0, 1 + D(G(z))), generator -D(G(z)).</summary>
        Hinge = 4,

        /// <summary>
        /// No discriminator: the generator directly minimises the maximum mean discrepancy between its
        /// minibatch and a real one, with a mixture of RBF kernels ("generative moment matching
        /// networks", Li et al. 2015; Dziugaite et al. 2015). Stable, covers modes, blurrier samples.
        /// </summary>
        Mmd = 5,
    }
}
