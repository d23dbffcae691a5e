using MlPipeline.Trainers.Classic;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// FastTree, FastTreeTweedie, FastForest, LightGbm and GAM regressors → tree ensembles, read as <see cref="TreeModel"/>:
/// leaf values already weighted (FastForest's averaged), the model's bias, and <c>Exp</c> for Tweedie's log link.
/// </summary>
internal sealed class TreeEnsembleConverter<TModel> : RegressorConverter<TModel> where TModel : class
{
    protected override string Convert(OnnxConversionContext context, TModel model, (string Name, long Width) features)
    {
        TreeModel trees;
        try
        {
            trees = TreeModel.Read(model) ?? throw new OnnxConversionException($"{model.GetType().Name} exposes no trained trees");
        }
        catch (NotSupportedException e)
        {
            throw new OnnxConversionException($"{e.Message}; it cannot be exported");
        }
        var score = TreeEnsembleWriter.Write(context, features, trees.Trees, trees.Bias);
        return trees.LogLink ? context.Graph.AddNode("Exp", [score]) : score;
    }
}
