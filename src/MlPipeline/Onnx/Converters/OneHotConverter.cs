using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlPipeline.Onnx.Graph;
using MlPipeline.Preprocessing;
using Onnx;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// <c>OneHotEncodingTransformer</c> (indicator output) → <c>LabelEncoder</c> from category to slot (−1 when unseen)
/// then <c>Equal</c> against the slot numbers, so an unseen or missing category is all zeros as in ML.NET.
/// The categories are read from the fitted output's slot names, in slot order.
/// </summary>
internal sealed class OneHotConverter() : StepConverter<OneHotEncodingTransformer>(StepKind.OneHot)
{
    protected override void Convert(OnnxConversionContext context, OneHotEncodingTransformer fitted, PreprocessingStep step)
    {
        var input = context.Column(step.Inputs[0]);
        var output = fitted.GetOutputSchema(context.Schema)[step.Output];
        VBuffer<ReadOnlyMemory<char>> names = default;
        output.GetSlotNames(ref names);
        var prefix = step.Inputs[0] + ".";
        var categories = names.DenseValues().Select(n => n.ToString()).Select(n => n.StartsWith(prefix, StringComparison.Ordinal) ? n[prefix.Length..] : n).ToList();
        var slots = context.Graph.AddNode("LabelEncoder", [input.Name], domain: OnnxGraphBuilder.MlDomain, attributes:
        [
            OnnxGraphBuilder.Strings("keys_strings", categories),
            OnnxGraphBuilder.Ints("values_int64s", Enumerable.Range(0, categories.Count).Select(i => (long)i)),
            OnnxGraphBuilder.Int("default_int64", -1),
        ]);
        var range = context.Graph.AddInt64s("slots", Enumerable.Range(0, categories.Count).Select(i => (long)i), categories.Count);
        var equal = context.Graph.AddNode("Equal", [slots, range]);
        context.Set(step.Output, context.Cast(equal, TensorProto.Types.DataType.Float), categories.Count);
    }
}
