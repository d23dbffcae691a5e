using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MlPipeline.Trainers.Classic;

/// <summary>Online (stochastic) gradient descent on the squared loss, with averaging (linear).</summary>
internal sealed class OnlineGradientDescentCandidate : IRegressorCandidate
{
    public string Name => "ogd";
    public TrainerFamily Family => TrainerFamily.Linear;

    /// <inheritdoc />
    public double DefaultsCost => 1.0;
    public bool RequiresNonNegativeLabel => false;
    public HyperParameters Defaults { get; } = HyperParameters.Of(("learning_rate", 0.01), ("iterations", 100), ("l2", 1e-6));

    public HyperParameters Suggest(IParameterSuggester s) => HyperParameters.Of(
        ("learning_rate", s.SuggestFloat("learning_rate", 1e-3, 0.05, log: true)),
        ("iterations", s.SuggestInt("iterations", 1, 200, log: true)),
        ("l2", s.SuggestFloat("l2", 1e-8, 1e-1, log: true)));

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.OnlineGradientDescent(new OnlineGradientDescentTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            LearningRate = (float)h.Float("learning_rate", 0.01),
            NumberOfIterations = h.Int("iterations", 100),
            L2Regularization = (float)h.Float("l2", 1e-6),
            Shuffle = true,
        });
}
