using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MlPipeline.Trainers.Classic;

/// <summary>Stochastic dual coordinate ascent on the squared loss (linear).</summary>
internal sealed class SdcaCandidate : IRegressorCandidate
{
    public string Name => "sdca";
    public TrainerFamily Family => TrainerFamily.Linear;

    /// <inheritdoc />
    public double DefaultsCost => 0.4;
    public bool RequiresNonNegativeLabel => false;
    // ML.NET AutoML's starting point for SDCA regression.
    public HyperParameters Defaults { get; } = HyperParameters.Of(("l1", 1.0), ("l2", 0.1), ("iterations", 100));

    public HyperParameters Suggest(IParameterSuggester s) => HyperParameters.Of(
        ("l2", s.SuggestFloat("l2", 1e-6, 10, log: true)),
        ("l1", s.SuggestFloat("l1", 1e-6, 10, log: true)),
        ("iterations", s.SuggestInt("iterations", 20, 500, log: true)));

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            L2Regularization = (float)h.Float("l2", 0.1),
            L1Regularization = (float)h.Float("l1", 1),
            MaximumNumberOfIterations = h.Int("iterations", 100),
            NumberOfThreads = 1,
            Shuffle = true,
        });
}
