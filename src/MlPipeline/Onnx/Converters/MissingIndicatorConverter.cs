using Microsoft.ML.Transforms;
using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary><c>MissingValueIndicatorTransformer</c> → <c>IsNaN</c> (a boolean tensor, cast by the next step).</summary>
internal sealed class MissingIndicatorConverter() : StepConverter<MissingValueIndicatorTransformer>(StepKind.IndicateMissing)
{
    protected override void Convert(OnnxConversionContext context, MissingValueIndicatorTransformer fitted, PreprocessingStep step)
    {
        var input = context.Column(step.Inputs[0]);
        var output = context.Graph.AddNode("IsNaN", [input.Name]);
        context.Set(step.Output, output, input.Width);
        context.SetOrigins(output, [.. context.Origins(input.Name, input.Width)
            .Select(o => o is { IsRaw: true } ? o with { Kind = SlotOriginKind.MissingIndicator } : null)]);
    }
}
