using MlPipeline.Preprocessing;
using Onnx;

namespace MlPipeline.Onnx.Converters;

/// <summary><c>TypeConvertingTransformer</c> to float32 → <c>Cast</c>.</summary>
internal sealed class ConvertToFloatConverter : IOnnxConverter
{
    public void Convert(OnnxConversionContext context, object fitted, PreprocessingStep? step)
    {
        var input = context.Column(step!.Inputs[0]);
        context.Set(step.Output, context.Cast(input.Name, TensorProto.Types.DataType.Float), input.Width);
    }
}
