using Microsoft.ML.Transforms;
using MlPipeline.Preprocessing;
using Onnx;

namespace MlPipeline.Onnx.Converters;

/// <summary><c>TypeConvertingTransformer</c> to float32 → <c>Cast</c>.</summary>
internal sealed class ConvertToFloatConverter() : StepConverter<TypeConvertingTransformer>(StepKind.ConvertToFloat)
{
    protected override void Convert(OnnxConversionContext context, TypeConvertingTransformer fitted, PreprocessingStep step)
    {
        var input = context.Column(step.Inputs[0]);
        var output = context.Cast(input.Name, TensorProto.Types.DataType.Float);
        context.Set(step.Output, output, input.Width);
        context.SetOrigins(output, context.Origins(input.Name, input.Width));
    }
}
