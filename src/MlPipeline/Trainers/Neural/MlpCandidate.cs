using Microsoft.ML;

namespace MlPipeline.Trainers.Neural;

/// <summary>A multi-layer perceptron trained by backpropagation (TorchSharp), as a sweep candidate.</summary>
internal sealed class MlpCandidate : IRegressorCandidate
{
    private static readonly IntParameter s_layers = new("layers", 1, 4, defaultValue: 3);
    private static readonly IntParameter s_width = new("width", 32, 512, defaultValue: 256, log: true);
    private static readonly ChoiceParameter<string> s_activation =
        new("activation", ["relu", "leaky_relu", "gelu", "selu", "tanh", "softplus", "mish"], "relu");
    private static readonly FloatParameter s_dropout = new("dropout", 0.0, 0.5, defaultValue: 0.1);
    private static readonly NeuralTrainingSpace s_training = new(learningRate: 2e-3, batchSize: 64, optimizers: ["adam", "adamw", "sgd"]);

    public string Name => "mlp";
    public TrainerFamily Family => TrainerFamily.Neural;

    /// <inheritdoc />
    public double DefaultsCost => 3.2;
    public bool RequiresNonNegativeLabel => false;
    public IReadOnlyList<HyperParameter> Space { get; } = [s_layers, s_width, s_activation, s_dropout, .. s_training.Parameters];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        new NeuralRegressionEstimator(
            new MlpOptions
            {
                HiddenLayers = [.. Enumerable.Repeat(h.Get(s_width), h.Get(s_layers))],
                Activation = NeuralChoices.Activation(h.Get(s_activation)),
                Dropout = h.Get(s_dropout),
                Training = s_training.Options(input, h),
            },
            NeuralChoices.OnEpoch(input), input.Cancellation);
}
