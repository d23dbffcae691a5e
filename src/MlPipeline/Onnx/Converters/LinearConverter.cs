using Microsoft.ML.Trainers;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// Linear regressors (SDCA, online gradient descent, Poisson) → <c>MatMul</c> + bias, then <c>Exp</c> when
/// <paramref name="exponentiate"/> (Poisson regression's inverse link).
/// </summary>
internal sealed class LinearConverter<TModel>(bool exponentiate = false) : RegressorConverter<TModel> where TModel : LinearModelParameters
{
    protected override string Convert(OnnxConversionContext context, TModel model, (string Name, long Width) features)
    {
        var weights = context.Graph.AddFloats("weights", model.Weights, model.Weights.Count, 1);
        var product = context.Graph.AddNode("MatMul", [features.Name, weights]);
        var score = context.Graph.AddNode("Add", [product, context.Graph.AddFloats("bias", [model.Bias], 1, 1)]);
        return exponentiate ? context.Graph.AddNode("Exp", [score]) : score;
    }
}
