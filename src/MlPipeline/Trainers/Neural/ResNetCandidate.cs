using Microsoft.ML;

namespace MlPipeline.Trainers.Neural;

/// <summary>A residual MLP (Gorishniy et al. 2021) trained by backpropagation (TorchSharp), as a sweep candidate.</summary>
internal sealed class ResNetCandidate : IRegressorCandidate
{
    public string Name => "resnet";
    public TrainerFamily Family => TrainerFamily.Neural;

    /// <inheritdoc />
    public double DefaultsCost => 5.3;
    public bool RequiresNonNegativeLabel => false;
    public HyperParameters Defaults { get; } = HyperParameters.Of(
        ("blocks", 2), ("width", 192), ("hidden_factor", 2.0), ("activation", "relu"), ("dropout", 0.1), ("learning_rate", 1e-3),
        ("weight_decay", 1e-5), ("batch_size", "256"), ("optimizer", "adamw"), ("loss", "mse"));

    public HyperParameters Suggest(IParameterSuggester s) => HyperParameters.Of(
        ("blocks", s.SuggestInt("blocks", 1, 4)),
        ("width", s.SuggestInt("width", 64, 384, log: true)),
        ("hidden_factor", s.SuggestFloat("hidden_factor", 1.0, 4.0)),
        ("activation", s.SuggestCategorical("activation", ["relu", "gelu", "selu", "mish"])),
        ("dropout", s.SuggestFloat("dropout", 0.0, 0.5)),
        ("learning_rate", s.SuggestFloat("learning_rate", 1e-4, 1e-2, log: true)),
        ("weight_decay", s.SuggestFloat("weight_decay", 1e-7, 1e-2, log: true)),
        ("batch_size", s.SuggestCategorical("batch_size", ["64", "128", "256", "512"])),
        ("optimizer", s.SuggestCategorical("optimizer", ["adam", "adamw"])),
        ("loss", s.SuggestCategorical("loss", ["mse", "huber"])));

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        new NeuralRegressionEstimator(
            new ResNetOptions
            {
                Blocks = h.Int("blocks", 2),
                Width = h.Int("width", 192),
                HiddenFactor = h.Float("hidden_factor", 2.0),
                Activation = NeuralChoices.Activation(h.Text("activation", "relu")),
                HiddenDropout = h.Float("dropout", 0.1),
                Training = NeuralChoices.Training(input, h),
            },
            NeuralChoices.OnEpoch(input), input.Cancellation);
}
