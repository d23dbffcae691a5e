using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Trainers.Classic;

/// <summary>Gradient-boosted trees on the Tweedie deviance, predicting through a log link.</summary>
internal sealed class FastTreeTweedieCandidate : IRegressorCandidate
{
    public string Name => "fasttree-tweedie";
    public TrainerFamily Family => TrainerFamily.NonLinear;

    /// <inheritdoc />
    public double DefaultsCost => 3.8;
    public bool RequiresNonNegativeLabel => true;
    public HyperParameters Defaults { get; } = TreeSpace.BoostingDefaults.With("index", 1.5);

    public HyperParameters Suggest(IParameterSuggester s) =>
        TreeSpace.SuggestBoosting(s).With("index", s.SuggestFloat("index", 1.0, 1.99));

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h)
    {
        var options = TreeSpace.Apply(new FastTreeTweedieTrainer.Options(), input, h);
        options.Index = h.Float("index", 1.5);
        return ml.Regression.Trainers.FastTreeTweedie(options);
    }
}
