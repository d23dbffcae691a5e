using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>
/// Wraps weights we computed ourselves in ML.NET's own linear model and prediction transformer, so the model
/// saves and loads in <c>model.zip</c>, scores, and exports through the linear ONNX converter like SDCA's.
/// </summary>
/// <remarks>
/// ML.NET 5 keeps both constructors internal (its trainers are the only intended producers); there is no public
/// way to build a linear model from given weights. They are found once by signature; a test fails loudly should
/// a new ML.NET version change them.
/// </remarks>
internal static class LinearModelFactory
{
    private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Instance;

    private static readonly ConstructorInfo s_model = typeof(LinearRegressionModelParameters).GetConstructor(
        Internal, [typeof(IHostEnvironment), typeof(VBuffer<float>).MakeByRefType(), typeof(float)])
        ?? throw new MissingMethodException(nameof(LinearRegressionModelParameters), "ctor(IHostEnvironment, in VBuffer<float>, float)");

    private static readonly ConstructorInfo s_transformer = typeof(RegressionPredictionTransformer<LinearRegressionModelParameters>).GetConstructor(
        Internal, [typeof(IHostEnvironment), typeof(LinearRegressionModelParameters), typeof(DataViewSchema), typeof(string)])
        ?? throw new MissingMethodException(nameof(RegressionPredictionTransformer<LinearRegressionModelParameters>), "ctor(IHostEnvironment, model, DataViewSchema, string)");

    public static RegressionPredictionTransformer<LinearRegressionModelParameters> Create(
        MLContext ml, LinearSolution solution, DataViewSchema trainingSchema, string featureColumn)
    {
        var weights = new VBuffer<float>(solution.Weights.Length, solution.Weights);
        var model = (LinearRegressionModelParameters)s_model.Invoke([ml, weights, solution.Bias]);
        return (RegressionPredictionTransformer<LinearRegressionModelParameters>)s_transformer.Invoke([ml, model, trainingSchema, featureColumn]);
    }
}
