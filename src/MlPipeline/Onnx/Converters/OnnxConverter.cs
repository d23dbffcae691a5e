using Microsoft.ML;
using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// A converter of <typeparamref name="TFitted"/>, the fitted transformer or (for a prediction transformer) model
/// type it reads; <see cref="OnnxConverterRegistry"/> maps exactly that type to it.
/// </summary>
internal abstract class OnnxConverter<TFitted> : IOnnxConverter where TFitted : class
{
    public Type FittedType => typeof(TFitted);

    public abstract OnnxConverterRole Role { get; }

    public virtual StepKind? Kind => null;

    void IOnnxConverter.Convert(OnnxConversionContext context, ITransformer transformer, PreprocessingStep? step) =>
        ConvertFitted(context, Fitted(transformer), step);

    private protected abstract void ConvertFitted(OnnxConversionContext context, TFitted fitted, PreprocessingStep? step);

    private static TFitted Fitted(ITransformer transformer) =>
        (transformer is ISingleFeaturePredictionTransformer<TFitted> prediction ? prediction.Model : transformer as TFitted)
        ?? throw new OnnxConversionException($"the {typeof(TFitted).Name} converter was given {transformer.GetType().Name}");
}
