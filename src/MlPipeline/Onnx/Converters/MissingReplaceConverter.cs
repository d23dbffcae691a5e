using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// <c>MissingValueReplacingTransformer</c> → <c>Where(IsNaN(x), replacement, x)</c>. ML.NET does not expose the
/// replacement values, so they are read back by transforming one row of NaNs.
/// </summary>
internal sealed class MissingReplaceConverter() : StepConverter<MissingValueReplacingTransformer>(StepKind.ReplaceMissing)
{
    protected override void Convert(OnnxConversionContext context, MissingValueReplacingTransformer fitted, PreprocessingStep step)
    {
        var input = context.Column(step.Inputs[0]);
        var width = (int)input.Width;
        var definition = SchemaDefinition.Create(typeof(NanRow));
        definition[nameof(NanRow.Values)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var probe = context.Ml.Data.LoadFromEnumerable([new NanRow { Values = Enumerable.Repeat(float.NaN, width).ToArray() }], definition);
        var renamed = context.Ml.Transforms.CopyColumns(step.Inputs[0], nameof(NanRow.Values)).Fit(probe).Transform(probe);
        var replacement = fitted.Transform(renamed).GetColumn<float[]>(step.Output).Single();
        var values = context.Graph.AddFloats("replacement", replacement, 1, width);
        var isNaN = context.Graph.AddNode("IsNaN", [input.Name]);
        var output = context.Graph.AddNode("Where", [isNaN, values, input.Name]);
        context.Set(step.Output, output, input.Width);
        context.SetOrigins(output, [.. context.Origins(input.Name, input.Width)
            .Select((o, slot) => o is { IsRaw: true } ? o with { Replacement = replacement[slot] } : null)]);
    }

    private sealed class NanRow
    {
        public float[] Values { get; set; } = [];
    }
}
