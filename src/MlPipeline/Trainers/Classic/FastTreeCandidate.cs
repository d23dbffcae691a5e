using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Trainers.Classic;

/// <summary>Gradient-boosted regression trees (MART) on the squared loss.</summary>
internal sealed class FastTreeCandidate : IRegressorCandidate
{
    public string Name => "fasttree";
    public TrainerFamily Family => TrainerFamily.NonLinear;

    /// <inheritdoc />
    public double DefaultsCost => 3.8;
    public bool RequiresNonNegativeLabel => false;
    public IReadOnlyList<HyperParameter> Space => TreeSpace.Boosting;

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h)
    {
        var trainer = ml.Regression.Trainers.FastTree(TreeSpace.Apply(new FastTreeRegressionTrainer.Options { EarlyStoppingMetric = EarlyStoppingMetric.L2Norm }, input, h));
        return EarlyStopping.Applies(input) ? EarlyStopping.Watching(trainer, rows => trainer.Fit(rows, input.Validation!)) : trainer;
    }
}
