namespace Microsoft.ML.Gan
{
    /// <summary>The networks a <see cref="GanEstimator"/> trains.</summary>
    public enum GanArchitecture
    {
        /// <summary>DCGAN when the feature column has an image shape (from its dimensions or the image options), MLP otherwise.</summary>
        Auto,

        /// <summary>Multilayer perceptrons (<see cref="GanOptionsBase.GeneratorHiddenLayers"/>, <see cref="GanOptionsBase.DiscriminatorHiddenLayers"/>).</summary>
        Mlp,

        /// <summary>Convolutional networks after Radford et al. 2016, for images in ExtractPixels' planar layout.</summary>
        Dcgan,
    }
}
