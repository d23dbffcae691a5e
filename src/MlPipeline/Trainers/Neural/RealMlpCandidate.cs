using Microsoft.ML;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// RealMLP (Holzmüller et al. 2024, "Better by default: strong pre-tuned MLPs and boosted trees on tabular data") as a
/// sweep candidate: its defaults are <see cref="MlpOptions.RealMlp"/> (RealMLP-TD), its space is the paper's
/// RealMLP-HPO space (Appendix, "hyperparameter search space"; pytabkit <c>RealMLPParamSampler</c>, space
/// <c>default</c>) without the PL and PLR embeddings, which are not built here, and with the choices' priors dropped.
/// </summary>
internal sealed class RealMlpCandidate : IRegressorCandidate
{
    private static readonly MlpOptions s_paper = MlpOptions.RealMlp;

    /// <summary>The paper's three shapes: 256×3 (its default), 64×5 and one layer of 512.</summary>
    private static readonly ChoiceParameter<string> s_hidden = new("hidden", ["256x3", "64x5", "512x1"], "256x3");
    private static readonly ChoiceParameter<string> s_activation = new("activation", ["mish", "selu", "relu"], "mish");
    private static readonly ChoiceParameter<string> s_embedding = new("embedding", ["pbld", "none"], "pbld");
    private static readonly ChoiceParameter<bool> s_frontScale = new("front_scale", [true, false], true);
    private static readonly FloatParameter s_learningRate = new("learning_rate", 2e-2, 3e-1, defaultValue: s_paper.Training.LearningRate, log: true);
    private static readonly ChoiceParameter<double> s_dropout = new("dropout", [0.0, 0.15, 0.3], s_paper.Dropout);
    private static readonly ChoiceParameter<double> s_weightDecay = new("weight_decay", [0.0, 0.02], s_paper.Training.WeightDecay);
    private static readonly FloatParameter s_sigma = new("embedding_sigma", 0.05, 0.5, defaultValue: s_paper.PeriodicEmbedding!.Sigma, log: true);

    /// <summary>Part of the fit's time limit the schedule is planned over, leaving room for the epoch in progress and scoring.</summary>
    private const double ScheduleShareOfLimit = 0.85;

    public string Name => "realmlp";
    public TrainerFamily Family => TrainerFamily.Neural;

    /// <remarks>
    /// Not a measurement: the fit spreads its schedule over the time it is given (see <see cref="TrainerInput.TimeLimit"/>),
    /// so it takes what the trial cap allows. ResNet's figure is used, so that adding RealMLP does not make the networks'
    /// slowest defaults slower in the choice between cross-validation and a hold-out split.
    /// </remarks>
    public double DefaultsCost => ResNetCandidate.MeasuredDefaultsCost;
    public bool RequiresNonNegativeLabel => false;
    public IReadOnlyList<HyperParameter> Space { get; } =
        [s_hidden, s_activation, s_embedding, s_frontScale, s_learningRate, s_dropout, s_weightDecay, s_sigma];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        new NeuralRegressionEstimator(Options(input, h), NeuralChoices.OnEpoch(input), input.Cancellation);

    internal static MlpOptions Options(TrainerInput input, HyperParameters h) => s_paper with
    {
        HiddenLayers = Hidden(h.Get(s_hidden)),
        Activation = NeuralChoices.Activation(h.Get(s_activation)),
        PeriodicEmbedding = h.Get(s_embedding) == "pbld" ? s_paper.PeriodicEmbedding! with { Sigma = h.Get(s_sigma) } : null,
        FrontScaleLearningRateFactor = h.Get(s_frontScale) ? s_paper.FrontScaleLearningRateFactor : 0,
        Dropout = h.Get(s_dropout),
        Training = s_paper.Training with
        {
            FeatureColumnName = input.FeatureColumn,
            LabelColumnName = input.LabelColumn,
            LearningRate = h.Get(s_learningRate),
            WeightDecay = h.Get(s_weightDecay),
            Seed = input.Seed,
            TimeAvailableSeconds = input.TimeLimit?.TotalSeconds ?? 0,
            RowsScoredAfterFit = input.RowsScoredAfterFit,
            // The paper's 256 epochs rarely fit a sweep's trial: the schedule is spread over the trial's time instead,
            // ending before the cap (the last, slowest-rate epochs are the ones worth keeping).
            MaxTrainingSeconds = input.TimeLimit is { } limit ? Math.Max(1, ScheduleShareOfLimit * limit.TotalSeconds) : 0,
            // One thread per network: the sweep runs trials side by side instead.
            Threads = 1,
        },
    };

    private static int[] Hidden(string shape)
    {
        var parts = shape.Split('x');
        return [.. Enumerable.Repeat(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture))];
    }
}
