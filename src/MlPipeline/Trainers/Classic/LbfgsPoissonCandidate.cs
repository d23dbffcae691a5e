using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MlPipeline.Trainers.Classic;

/// <summary>Poisson regression fitted by L-BFGS: a linear model of the log of the expected label.</summary>
internal sealed class LbfgsPoissonCandidate : IRegressorCandidate
{
    private static readonly FloatParameter s_l1 = new("l1", 1e-4, 10, defaultValue: 1.0, log: true);
    private static readonly FloatParameter s_l2 = new("l2", 1e-4, 10, defaultValue: 1.0, log: true);
    private static readonly IntParameter s_history = new("history", 5, 50, defaultValue: 20);

    public string Name => "lbfgs-poisson";
    public TrainerFamily Family => TrainerFamily.Linear;

    /// <inheritdoc />
    public double DefaultsCost => 1.1;
    public bool RequiresNonNegativeLabel => true;
    public IReadOnlyList<HyperParameter> Space { get; } = [s_l1, s_l2, s_history];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            L1Regularization = (float)h.Get(s_l1),
            L2Regularization = (float)h.Get(s_l2),
            HistorySize = h.Get(s_history),
            NumberOfThreads = input.Threads,
        });
}
