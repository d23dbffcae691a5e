using Microsoft.ML.Trainers;
using MlPipeline.Preprocessing;

using MlPipeline.Data;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// Linear regressors (SDCA, online gradient descent) → <c>MatMul</c> + bias; Poisson regression adds <c>Exp</c>,
/// its inverse link.
/// </summary>
internal sealed class LinearConverter : IOnnxConverter
{
    public void Convert(OnnxConversionContext context, object fitted, PreprocessingStep? step)
    {
        var model = (LinearModelParameters)fitted;
        var features = context.Column(ColumnNames.Features);
        var weights = context.Graph.AddFloats("weights", model.Weights, model.Weights.Count, 1);
        var product = context.Graph.AddNode("MatMul", [features.Name, weights]);
        var score = context.Graph.AddNode("Add", [product, context.Graph.AddFloats("bias", [model.Bias], 1, 1)]);
        if (model is PoissonRegressionModelParameters) score = context.Graph.AddNode("Exp", [score]);
        context.Set(ColumnNames.Score, score, 1);
    }
}
