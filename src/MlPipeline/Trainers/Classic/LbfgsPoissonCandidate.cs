using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MlPipeline.Trainers.Classic;

/// <summary>Poisson regression fitted by L-BFGS: a linear model of the log of the expected label.</summary>
internal sealed class LbfgsPoissonCandidate : IRegressorCandidate
{
    public string Name => "lbfgs-poisson";
    public TrainerFamily Family => TrainerFamily.Linear;

    /// <inheritdoc />
    public double DefaultsCost => 1.1;
    public bool RequiresNonNegativeLabel => true;
    public HyperParameters Defaults { get; } = HyperParameters.Of(("l1", 1.0), ("l2", 1.0), ("history", 20));

    public HyperParameters Suggest(IParameterSuggester s) => HyperParameters.Of(
        ("l1", s.SuggestFloat("l1", 1e-4, 10, log: true)),
        ("l2", s.SuggestFloat("l2", 1e-4, 10, log: true)),
        ("history", s.SuggestInt("history", 5, 50)));

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            L1Regularization = (float)h.Float("l1", 1),
            L2Regularization = (float)h.Float("l2", 1),
            HistorySize = h.Int("history", 20),
            NumberOfThreads = 1,
        });
}
