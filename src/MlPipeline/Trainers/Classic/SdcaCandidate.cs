using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MlPipeline.Trainers.Classic;

/// <summary>Stochastic dual coordinate ascent on the squared loss (linear).</summary>
internal sealed class SdcaCandidate : IRegressorCandidate
{
    public string Name => "sdca";
    public TrainerFamily Family => TrainerFamily.Linear;
    public bool RequiresNonNegativeLabel => false;
    // Empty defaults let SDCA choose its regularisation and iteration count from the data.
    public HyperParameters Defaults { get; } = HyperParameters.Empty;

    public HyperParameters Suggest(IParameterSuggester s) => HyperParameters.Of(
        ("l2", s.SuggestFloat("l2", 1e-6, 10, log: true)),
        ("l1", s.SuggestFloat("l1", 1e-6, 10, log: true)),
        ("iterations", s.SuggestInt("iterations", 20, 500, log: true)));

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            L2Regularization = h.Values.ContainsKey("l2") ? (float)h.Float("l2", 0) : null,
            L1Regularization = h.Values.ContainsKey("l1") ? (float)h.Float("l1", 0) : null,
            MaximumNumberOfIterations = h.Values.ContainsKey("iterations") ? h.Int("iterations", 0) : null,
            NumberOfThreads = 1,
            Shuffle = true,
        });
}
