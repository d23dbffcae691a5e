using Microsoft.ML;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// TabM (Gorishniy et al. 2025, "TabM: Advancing Tabular Deep Learning With Parameter-Efficient Ensembling", ICLR) as a
/// sweep candidate: its defaults are <see cref="TabMOptions"/> (the official package's), its space is the paper's
/// tuning space for TabM without embeddings (<c>paper/exp/tabm/…/0-tuning.toml</c>): n_blocks 1–5, d_block 64–1024 in
/// steps of 16, dropout "?uniform" (0, or uniform in 0–0.5), lr 1e-4–5e-3 log-uniform, weight decay "?loguniform" (0,
/// or log-uniform in 1e-4–1e-1); k = 32 and the batch of 256 are not tuned there and are not here.
/// </summary>
internal sealed class TabMCandidate : IRegressorCandidate
{
    private static readonly TabMOptions s_paper = new();

    /// <summary>The paper's step of d_block: the width is 16 times this (4–64 is 64–1024), searched uniformly as there.</summary>
    private const int WidthStep = 16;

    private static readonly IntParameter s_blocks = new("blocks", 1, 5, defaultValue: s_paper.Blocks);
    private static readonly IntParameter s_widthIn16s = new("width_in_16s", 64 / WidthStep, 1024 / WidthStep, defaultValue: s_paper.Width / WidthStep);
    // The paper's "?" distributions are zero with probability ½ and the range otherwise: a gate and the range here (the
    // range's draw is unused while its gate is off).
    private static readonly ChoiceParameter<bool> s_useDropout = new("use_dropout", [true, false], s_paper.Dropout > 0);
    private static readonly FloatParameter s_dropout = new("dropout", 0.0, 0.5, defaultValue: s_paper.Dropout);
    private static readonly FloatParameter s_learningRate = new("learning_rate", 1e-4, 5e-3, defaultValue: s_paper.Training.LearningRate, log: true);
    private static readonly ChoiceParameter<bool> s_useWeightDecay = new("use_weight_decay", [true, false], s_paper.Training.WeightDecay > 0);
    private static readonly FloatParameter s_weightDecay = new("weight_decay", 1e-4, 1e-1, defaultValue: s_paper.Training.WeightDecay, log: true);

    public string Name => "tabm";
    public TrainerFamily Family => TrainerFamily.Neural;

    /// <remarks>
    /// Not measured on the Ames reference cells: ResNet's figure is used, as for RealMLP, so that adding TabM does not
    /// make the networks' slowest defaults slower in the queue and in the choice between cross-validation and a hold-out
    /// split. Like the other networks, a fit stopped by the trial's cap keeps its best epoch.
    /// </remarks>
    public double DefaultsCost => ResNetCandidate.MeasuredDefaultsCost;
    public bool RequiresNonNegativeLabel => false;
    public IReadOnlyList<HyperParameter> Space { get; } =
        [s_blocks, s_widthIn16s, s_useDropout, s_dropout, s_learningRate, s_useWeightDecay, s_weightDecay];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        new NeuralRegressionEstimator(Options(input, h), NeuralChoices.OnEpoch(input), input.Cancellation);

    internal static TabMOptions Options(TrainerInput input, HyperParameters h) => s_paper with
    {
        Blocks = h.Get(s_blocks),
        Width = WidthStep * h.Get(s_widthIn16s),
        Dropout = h.Get(s_useDropout) ? h.Get(s_dropout) : 0,
        Training = s_paper.Training with
        {
            FeatureColumnName = input.FeatureColumn,
            LabelColumnName = input.LabelColumn,
            LearningRate = h.Get(s_learningRate),
            WeightDecay = h.Get(s_useWeightDecay) ? h.Get(s_weightDecay) : 0,
            Seed = input.Seed,
            TimeAvailableSeconds = input.TimeLimit?.TotalSeconds ?? 0,
            RowsScoredAfterFit = input.RowsScoredAfterFit,
            // One thread per network: the sweep runs trials side by side instead.
            Threads = 1,
        },
    };
}
