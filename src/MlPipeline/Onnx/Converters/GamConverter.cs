using System.Reflection;
using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// A GAM's shape functions → one chain-shaped tree per used feature: x ≤ upper bound of bin b gives bin b's effect,
/// which is ML.NET's lookup of the first bin whose upper bound is ≥ x; the model's bias is the base value.
/// </summary>
internal sealed class GamConverter : RegressorConverter<GamRegressionModelParameters>
{
    protected override string Convert(OnnxConversionContext context, GamRegressionModelParameters model, (string Name, long Width) features)
    {
        var inputOf = Private<int[]>(model, "_shapeToInputMap");
        var allBounds = Private<double[][]>(model, "_binUpperBounds");
        var allEffects = Private<double[][]>(model, "_binEffects");
        var trees = new List<TreeEnsembleWriter.Tree>();
        for (var shape = 0; shape < inputOf.Length; shape++)
        {
            var (bounds, effects) = (allBounds[shape], allEffects[shape]);
            if (effects.Length == 0) continue;
            var internalNodes = effects.Length - 1;
            // Node i tests bin i's upper bound: left is leaf i, right the next test (the last right is the last leaf).
            trees.Add(new TreeEnsembleWriter.Tree(
                [.. Enumerable.Repeat(inputOf[shape], internalNodes)],
                [.. bounds.Take(internalNodes).Select(FloatAtMost)],
                [.. Enumerable.Range(0, internalNodes).Select(i => ~i)],
                [.. Enumerable.Range(0, internalNodes).Select(i => i + 1 < internalNodes ? i + 1 : ~(i + 1))],
                effects));
        }
        return TreeEnsembleWriter.Write(context, features.Name, trees, model.Bias);
    }

    /// <summary>The largest float not above <paramref name="bound"/>: for a float x, x ≤ bound exactly when x ≤ it.</summary>
    private static float FloatAtMost(double bound)
    {
        var rounded = (float)bound;
        return rounded > bound ? MathF.BitDecrement(rounded) : rounded;
    }

    /// <summary>
    /// GAM keeps shape functions only for the features it used, and ML.NET's public accessors cannot reach every
    /// feature, so the shape functions are read from the model's own fields; a missing field fails the export
    /// (tested against the pinned ML.NET version).
    /// </summary>
    private static T Private<T>(GamRegressionModelParameters model, string field) where T : class =>
        typeof(GamModelParametersBase).GetField(field, BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(model) as T
        ?? throw new OnnxConversionException($"this ML.NET version hides GAM's {field}; GAM cannot be exported");
}
