namespace MlPipeline.Trainers.Neural;

/// <summary>Architecture of a plain multilayer perceptron regressor.</summary>
public sealed record MlpOptions
{
    /// <summary>Width of each hidden layer, input side first.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [256, 256, 256];
    /// <summary>Hidden activation.</summary>
    public NeuralActivation Activation { get; init; } = NeuralActivation.Relu;
    /// <summary>Dropout probability after each hidden activation.</summary>
    public double Dropout { get; init; } = 0.1;
    /// <summary>Normalisation after each hidden linear layer.</summary>
    public NeuralNormalization Normalization { get; init; } = NeuralNormalization.None;
    /// <summary>Initial weight scheme.</summary>
    public WeightInitialization Initialization { get; init; } = WeightInitialization.Kaiming;
    /// <summary>Training hyperparameters.</summary>
    public NeuralTrainingOptions Training { get; init; } = new();
}
