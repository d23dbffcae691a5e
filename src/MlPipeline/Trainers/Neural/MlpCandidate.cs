using Microsoft.ML;

namespace MlPipeline.Trainers.Neural;

/// <summary>A multi-layer perceptron trained by backpropagation (TorchSharp), as a sweep candidate.</summary>
internal sealed class MlpCandidate : IRegressorCandidate
{
    public string Name => "mlp";
    public TrainerFamily Family => TrainerFamily.Neural;

    /// <inheritdoc />
    public double DefaultsCost => 3.2;
    public bool RequiresNonNegativeLabel => false;
    public HyperParameters Defaults { get; } = HyperParameters.Of(
        ("layers", 3), ("width", 256), ("activation", "relu"), ("dropout", 0.1), ("learning_rate", 2e-3),
        ("weight_decay", 1e-5), ("batch_size", "64"), ("optimizer", "adamw"), ("loss", "mse"));

    public HyperParameters Suggest(IParameterSuggester s) => HyperParameters.Of(
        ("layers", s.SuggestInt("layers", 1, 4)),
        ("width", s.SuggestInt("width", 32, 512, log: true)),
        ("activation", s.SuggestCategorical("activation", ["relu", "leaky_relu", "gelu", "selu", "tanh", "softplus", "mish"])),
        ("dropout", s.SuggestFloat("dropout", 0.0, 0.5)),
        ("learning_rate", s.SuggestFloat("learning_rate", 1e-4, 1e-2, log: true)),
        ("weight_decay", s.SuggestFloat("weight_decay", 1e-7, 1e-2, log: true)),
        ("batch_size", s.SuggestCategorical("batch_size", ["64", "128", "256", "512"])),
        ("optimizer", s.SuggestCategorical("optimizer", ["adam", "adamw", "sgd"])),
        ("loss", s.SuggestCategorical("loss", ["mse", "huber"])));

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        new NeuralRegressionEstimator(
            new MlpOptions
            {
                HiddenLayers = [.. Enumerable.Repeat(h.Int("width", 256), h.Int("layers", 3))],
                Activation = NeuralChoices.Activation(h.Text("activation", "relu")),
                Dropout = h.Float("dropout", 0.1),
                Training = NeuralChoices.Training(input, h),
            },
            NeuralChoices.OnEpoch(input), input.Cancellation);
}
