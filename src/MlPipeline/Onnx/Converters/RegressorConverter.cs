using MlPipeline.Data;
using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary>A converter of a regressor's model: the chain's <c>Features</c> in, its <c>Score</c> out.</summary>
internal abstract class RegressorConverter<TModel> : OnnxConverter<TModel> where TModel : class
{
    public sealed override OnnxConverterRole Role => OnnxConverterRole.Regressor;

    private protected sealed override void ConvertFitted(OnnxConversionContext context, TModel fitted, PreprocessingStep? step) =>
        context.Set(ColumnNames.Score, Convert(context, fitted, context.Column(ColumnNames.Features)), 1);

    /// <summary>Writes <paramref name="model"/>'s prediction from <paramref name="features"/> and returns its float [N,1] value.</summary>
    protected abstract string Convert(OnnxConversionContext context, TModel model, (string Name, long Width) features);
}
