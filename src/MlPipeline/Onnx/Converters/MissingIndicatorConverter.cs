using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary><c>MissingValueIndicatorTransformer</c> → <c>IsNaN</c> (a boolean tensor, cast by the next step).</summary>
internal sealed class MissingIndicatorConverter : IOnnxConverter
{
    public void Convert(OnnxConversionContext context, object fitted, PreprocessingStep? step)
    {
        var input = context.Column(step!.Inputs[0]);
        context.Set(step.Output, context.Graph.AddNode("IsNaN", [input.Name]), input.Width);
    }
}
