using Microsoft.ML.Transforms;
using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary><c>MissingValueIndicatorTransformer</c> → <c>IsNaN</c> (a boolean tensor, cast by the next step).</summary>
internal sealed class MissingIndicatorConverter() : StepConverter<MissingValueIndicatorTransformer>(StepKind.IndicateMissing)
{
    protected override void Convert(OnnxConversionContext context, MissingValueIndicatorTransformer fitted, PreprocessingStep step)
    {
        var input = context.Column(step.Inputs[0]);
        context.Set(step.Output, context.Graph.AddNode("IsNaN", [input.Name]), input.Width);
    }
}
