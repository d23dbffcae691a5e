using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Trainers.Classic;

/// <summary>A generalised additive model: one boosted shape function per feature, summed.</summary>
internal sealed class GamCandidate : IRegressorCandidate
{
    public string Name => "gam";
    public TrainerFamily Family => TrainerFamily.NonLinear;

    /// <inheritdoc />
    public double DefaultsCost => 13.7;
    public bool RequiresNonNegativeLabel => false;
    public HyperParameters Defaults { get; } = HyperParameters.Of(("iterations", 2500), ("learning_rate", 0.006), ("max_bins", 255), ("min_leaf", 10));

    public HyperParameters Suggest(IParameterSuggester s) => HyperParameters.Of(
        ("iterations", s.SuggestInt("iterations", 200, 3000, log: true)),
        ("learning_rate", s.SuggestFloat("learning_rate", 1e-3, 0.02, log: true)),
        ("max_bins", s.SuggestInt("max_bins", 16, 512, log: true)),
        ("min_leaf", s.SuggestInt("min_leaf", 1, 64, log: true)));

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.Gam(new GamRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            NumberOfIterations = h.Int("iterations", 2500),
            LearningRate = h.Float("learning_rate", 0.006),
            MaximumBinCountPerFeature = h.Int("max_bins", 255),
            MinimumExampleCountPerLeaf = h.Int("min_leaf", 10),
            Seed = input.Seed,
            NumberOfThreads = 1,
        });
}
