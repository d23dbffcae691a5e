using System.Globalization;

namespace MlPipeline.Trainers.Neural;

/// <summary>Maps the neural candidates' hyperparameters (names and strings, as a study stores them) to options.</summary>
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

    public static NeuralTrainingOptions Training(TrainerInput input, HyperParameters h) => new()
    {
        FeatureColumnName = input.FeatureColumn,
        LabelColumnName = input.LabelColumn,
        LearningRate = h.Float("learning_rate", 1e-3),
        WeightDecay = h.Float("weight_decay", 1e-5),
        BatchSize = int.Parse(h.Text("batch_size", "256"), CultureInfo.InvariantCulture),
        Optimizer = h.Text("optimizer", "adamw") switch
        {
            "adam" => NeuralOptimizer.Adam,
            "sgd" => NeuralOptimizer.Sgd,
            _ => NeuralOptimizer.AdamW,
        },
        Loss = h.Text("loss", "mse") == "huber" ? NeuralLoss.Huber : NeuralLoss.Mse,
        Seed = input.Seed,
        // One thread per network: the sweep runs trials side by side instead.
        Threads = 1,
    };

    /// <summary>Forwards each epoch's validation loss to the listener; a false answer stops training.</summary>
    public static Func<EpochReport, bool>? OnEpoch(TrainerInput input) =>
        input.OnStep is { } onStep ? report => onStep(report.Epoch, report.ValidationLoss ?? report.TrainLoss) : null;
}
