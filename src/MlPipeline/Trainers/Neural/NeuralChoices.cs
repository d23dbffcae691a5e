namespace MlPipeline.Trainers.Neural;

/// <summary>Maps the neural candidates' choices (lowercase names, as a study stores them) to options.</summary>
internal static class NeuralChoices
{
    public static NeuralActivation Activation(string name) => name switch
    {
        "relu" => NeuralActivation.Relu,
        "leaky_relu" => NeuralActivation.LeakyRelu,
        "gelu" => NeuralActivation.Gelu,
        "selu" => NeuralActivation.Selu,
        "tanh" => NeuralActivation.Tanh,
        "sigmoid" => NeuralActivation.Sigmoid,
        "softplus" => NeuralActivation.Softplus,
        "mish" => NeuralActivation.Mish,
        _ => throw new ArgumentException($"unknown activation '{name}'"),
    };

    public static NeuralOptimizer Optimizer(string name) => name switch
    {
        "adam" => NeuralOptimizer.Adam,
        "adamw" => NeuralOptimizer.AdamW,
        "sgd" => NeuralOptimizer.Sgd,
        _ => throw new ArgumentException($"unknown optimizer '{name}'"),
    };

    public static NeuralLoss Loss(string name) => name switch
    {
        "mse" => NeuralLoss.Mse,
        "huber" => NeuralLoss.Huber,
        _ => throw new ArgumentException($"unknown loss '{name}'"),
    };

    /// <summary>Forwards each epoch's validation loss to the listener; a false answer stops training.</summary>
    public static Func<EpochReport, bool>? OnEpoch(TrainerInput input) =>
        input.OnStep is { } onStep ? report => onStep(report.Epoch, report.ValidationLoss ?? report.TrainLoss) : null;
}
