using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary>A converter of the preprocessing transform that <see cref="PreprocessingChainBuilder"/> builds for <paramref name="kind"/> steps.</summary>
internal abstract class StepConverter<TFitted>(StepKind kind) : OnnxConverter<TFitted> where TFitted : class
{
    public sealed override OnnxConverterRole Role => OnnxConverterRole.Step;

    public sealed override StepKind? Kind => kind;

    private protected sealed override void ConvertFitted(OnnxConversionContext context, TFitted fitted, PreprocessingStep? step) =>
        Convert(context, fitted, step ?? throw new OnnxConversionException($"{typeof(TFitted).Name} converts a {kind} step, and was given none"));

    /// <summary>Converts <paramref name="fitted"/>, which reads and writes the columns of <paramref name="step"/>.</summary>
    protected abstract void Convert(OnnxConversionContext context, TFitted fitted, PreprocessingStep step);
}
