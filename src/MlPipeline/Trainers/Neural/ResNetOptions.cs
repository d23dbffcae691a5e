namespace MlPipeline.Trainers.Neural;

/// <summary>Architecture of a ResNet-style MLP (Gorishniy et al. 2021).</summary>
public sealed record ResNetOptions
{
    /// <summary>Width d of the residual stream.</summary>
    public int Width { get; init; } = 192;
    /// <summary>Number of residual blocks.</summary>
    public int Blocks { get; init; } = 2;
    /// <summary>Hidden width of a block as a multiple of <see cref="Width"/>.</summary>
    public double HiddenFactor { get; init; } = 2.0;
    /// <summary>Activation inside blocks and before the head.</summary>
    public NeuralActivation Activation { get; init; } = NeuralActivation.Relu;
    /// <summary>Dropout after the block's activation.</summary>
    public double HiddenDropout { get; init; } = 0.1;
    /// <summary>Dropout on the block output before it is added to the residual stream.</summary>
    public double ResidualDropout { get; init; }
    /// <summary>Normalisation at the start of each block and before the head (None is treated as BatchNorm).</summary>
    public NeuralNormalization Normalization { get; init; } = NeuralNormalization.BatchNorm;
    /// <summary>Initial weight scheme.</summary>
    public WeightInitialization Initialization { get; init; } = WeightInitialization.Kaiming;
    /// <summary>Training hyperparameters.</summary>
    public NeuralTrainingOptions Training { get; init; } = new();
}
