using Microsoft.ML.Trainers.FastTree;
using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// A GAM's shape functions → one chain-shaped tree per feature: x ≤ upper bound of bin b gives bin b's effect,
/// which is ML.NET's lookup of the first bin whose upper bound is ≥ x; the model's bias is the base value.
/// </summary>
internal sealed class GamConverter : IOnnxConverter
{
    public void Convert(OnnxConversionContext context, object fitted, PreprocessingStep? step)
    {
        var model = (GamRegressionModelParameters)fitted;
        var trees = new List<TreeEnsembleWriter.Tree>();
        for (var f = 0; f < model.NumberOfShapeFunctions; f++)
        {
            var bounds = model.GetBinUpperBounds(f);
            var effects = model.GetBinEffects(f);
            var internalNodes = effects.Count - 1;
            // Node i tests bin i's upper bound: left is leaf i, right the next test (the last right is the last leaf).
            trees.Add(new TreeEnsembleWriter.Tree(
                [.. Enumerable.Repeat(f, internalNodes)],
                [.. bounds.Take(internalNodes).Select(b => (float)b)],
                [.. Enumerable.Range(0, internalNodes).Select(i => ~i)],
                [.. Enumerable.Range(0, internalNodes).Select(i => i + 1 < internalNodes ? i + 1 : ~(i + 1))],
                [.. effects]));
        }
        var features = context.Column(PreprocessingPlan.FeaturesColumn);
        context.Set("Score", TreeEnsembleWriter.Write(context, features.Name, trees, model.Bias), 1);
    }
}
