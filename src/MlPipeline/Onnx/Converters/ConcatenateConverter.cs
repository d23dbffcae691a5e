using Microsoft.ML.Data;
using MlPipeline.Onnx.Graph;
using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary><c>ColumnConcatenatingTransformer</c> → <c>Concat</c> along the feature axis.</summary>
internal sealed class ConcatenateConverter() : StepConverter<ColumnConcatenatingTransformer>(StepKind.Concatenate)
{
    protected override void Convert(OnnxConversionContext context, ColumnConcatenatingTransformer fitted, PreprocessingStep step)
    {
        var inputs = step.Inputs.Select(context.Column).ToList();
        var output = inputs.Count == 1
            ? context.Graph.AddNode("Identity", [inputs[0].Name])
            : context.Graph.AddNode("Concat", [.. inputs.Select(i => i.Name)], attributes: OnnxGraphBuilder.Int("axis", 1));
        context.Set(step.Output, output, inputs.Sum(i => i.Width));
        context.SetOrigins(output, [.. inputs.SelectMany(i => context.Origins(i.Name, i.Width))]);
    }
}
