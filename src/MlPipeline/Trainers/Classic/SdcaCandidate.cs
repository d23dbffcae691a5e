using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MlPipeline.Trainers.Classic;

/// <summary>Stochastic dual coordinate ascent on the squared loss (linear).</summary>
internal sealed class SdcaCandidate : IRegressorCandidate
{
    // Defaults: ML.NET AutoML's starting point for SDCA regression.
    private static readonly FloatParameter s_l2 = new("l2", 1e-6, 10, defaultValue: 0.1, log: true);
    private static readonly FloatParameter s_l1 = new("l1", 1e-6, 10, defaultValue: 1.0, log: true);
    private static readonly IntParameter s_iterations = new("iterations", 20, 500, defaultValue: 100, log: true);

    public string Name => "sdca";
    public TrainerFamily Family => TrainerFamily.Linear;

    /// <inheritdoc />
    public double DefaultsCost => 0.4;
    public bool RequiresNonNegativeLabel => false;
    public IReadOnlyList<HyperParameter> Space { get; } = [s_l2, s_l1, s_iterations];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            L2Regularization = (float)h.Get(s_l2),
            L1Regularization = (float)h.Get(s_l1),
            MaximumNumberOfIterations = h.Get(s_iterations),
            NumberOfThreads = input.Threads,
            Shuffle = true,
        });
}
