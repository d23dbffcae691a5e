using Microsoft.ML;
using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary>Writes the ONNX nodes of one fitted ML.NET type; implemented by <see cref="OnnxConverter{TFitted}"/>.</summary>
internal interface IOnnxConverter
{
    /// <summary>The exact type it converts: a transformer's, or for a prediction transformer its model's.</summary>
    Type FittedType { get; }

    /// <summary>Where it stands in a chain.</summary>
    OnnxConverterRole Role { get; }

    /// <summary>The plan step kind it converts when <see cref="Role"/> is <see cref="OnnxConverterRole.Step"/>, else null.</summary>
    StepKind? Kind { get; }

    /// <summary>Converts <paramref name="transformer"/>; <paramref name="step"/> is its plan step (null unless a step).</summary>
    void Convert(OnnxConversionContext context, ITransformer transformer, PreprocessingStep? step);
}
