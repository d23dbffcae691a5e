using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Trainers.Classic;

/// <summary>A generalised additive model: one boosted shape function per feature, summed.</summary>
internal sealed class GamCandidate : IRegressorCandidate
{
    private static readonly IntParameter s_iterations = new("iterations", 200, 3000, defaultValue: 2500, log: true);
    private static readonly FloatParameter s_learningRate = new("learning_rate", 1e-3, 0.02, defaultValue: 0.006, log: true);
    private static readonly IntParameter s_maxBins = new("max_bins", 16, 512, defaultValue: 255, log: true);
    private static readonly IntParameter s_minLeaf = new("min_leaf", 1, 64, defaultValue: 10, log: true);

    public string Name => "gam";
    public TrainerFamily Family => TrainerFamily.NonLinear;

    /// <inheritdoc />
    public double DefaultsCost => 13.7;
    public bool RequiresNonNegativeLabel => false;
    public IReadOnlyList<HyperParameter> Space { get; } = [s_iterations, s_learningRate, s_maxBins, s_minLeaf];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.Gam(new GamRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            NumberOfIterations = h.Get(s_iterations),
            LearningRate = h.Get(s_learningRate),
            MaximumBinCountPerFeature = h.Get(s_maxBins),
            MinimumExampleCountPerLeaf = h.Get(s_minLeaf),
            Seed = input.Seed,
            NumberOfThreads = input.Threads,
        });
}
