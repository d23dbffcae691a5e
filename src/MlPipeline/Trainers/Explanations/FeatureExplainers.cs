using Microsoft.ML.Trainers;
using MlPipeline.Trainers.Classic;

namespace MlPipeline.Trainers.Explanations;

/// <summary>Finds the explainer of a fitted regressor's model parameters.</summary>
internal static class FeatureExplainers
{
    /// <summary>
    /// The explainer of <paramref name="model"/> (a prediction transformer's <c>Model</c>), with <paramref name="reference"/>
    /// feature vectors as the background; null for a model it cannot explain exactly.
    /// </summary>
    public static IFeatureExplainer? For(object model, IReadOnlyList<float[]> reference) => model switch
    {
        LinearModelParameters linear => new LinearModelExplainer(
            [.. linear.Weights.Select(w => (double)w)], linear.Bias, linear is PoissonRegressionModelParameters, reference),
        _ when TreeModel.Read(model) is { } trees => new TreeModelExplainer(trees, reference),
        _ => null,
    };
}
