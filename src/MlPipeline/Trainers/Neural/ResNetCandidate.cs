using Microsoft.ML;

namespace MlPipeline.Trainers.Neural;

/// <summary>A residual MLP (Gorishniy et al. 2021) trained by backpropagation (TorchSharp), as a sweep candidate.</summary>
internal sealed class ResNetCandidate : IRegressorCandidate
{
    private static readonly IntParameter s_blocks = new("blocks", 1, 4, defaultValue: 2);
    private static readonly IntParameter s_width = new("width", 64, 384, defaultValue: 192, log: true);
    private static readonly FloatParameter s_hiddenFactor = new("hidden_factor", 1.0, 4.0, defaultValue: 2.0);
    private static readonly ChoiceParameter<string> s_activation = new("activation", ["relu", "gelu", "selu", "mish"], "relu");
    private static readonly FloatParameter s_dropout = new("dropout", 0.0, 0.5, defaultValue: 0.1);
    private static readonly NeuralTrainingSpace s_training = new(learningRate: 1e-3, batchSize: 256, optimizers: ["adam", "adamw"]);

    public string Name => "resnet";
    public TrainerFamily Family => TrainerFamily.Neural;

    /// <summary>Seconds per default fit on the Ames reference cells (see <see cref="IRegressorCandidate.DefaultsCost"/>).</summary>
    internal const double MeasuredDefaultsCost = 5.3;

    /// <inheritdoc />
    public double DefaultsCost => MeasuredDefaultsCost;
    public bool RequiresNonNegativeLabel => false;
    public IReadOnlyList<HyperParameter> Space { get; } =
        [s_blocks, s_width, s_hiddenFactor, s_activation, s_dropout, .. s_training.Parameters];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        new NeuralRegressionEstimator(
            new ResNetOptions
            {
                Blocks = h.Get(s_blocks),
                Width = h.Get(s_width),
                HiddenFactor = h.Get(s_hiddenFactor),
                Activation = NeuralChoices.Activation(h.Get(s_activation)),
                HiddenDropout = h.Get(s_dropout),
                Training = s_training.Options(input, h),
            },
            NeuralChoices.OnEpoch(input), input.Cancellation);
}
