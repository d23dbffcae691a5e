using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlPipeline.Onnx.Graph;
using MlPipeline.Onnx.Inputs;
using MlPipeline.Preprocessing;
using Onnx;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// <c>OneHotEncodingTransformer</c> (indicator output) → <c>LabelEncoder</c> from category to slot number as a float (−1 when unseen;
/// each category also in its space-padded forms, <see cref="RawInputs.Padded"/>) then <c>Equal</c> against the slot
/// numbers, so an unseen or missing category is all zeros as in ML.NET.
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
        // A raw cell may carry the spaces the reader trims: each category is a key in its padded forms too.
        var keys = categories.SelectMany((c, slot) => RawInputs.Padded(c).Select(key => (Key: key, Slot: (long)slot))).ToList();
        var slots = context.Graph.AddNode("LabelEncoder", [input.Name], domain: OnnxGraphBuilder.MlDomain, attributes:
        [
            OnnxGraphBuilder.Strings("keys_strings", keys.Select(k => k.Key)),
            OnnxGraphBuilder.Floats("values_floats", keys.Select(k => (float)k.Slot)),
            OnnxGraphBuilder.Float("default_float", -1),
        ]);
        var range = context.Graph.AddFloats("slots", Enumerable.Range(0, categories.Count).Select(i => (float)i), categories.Count);
        var equal = context.Graph.AddNode("Equal", [slots, range]);
        var encoded = context.Cast(equal, TensorProto.Types.DataType.Float);
        context.Set(step.Output, encoded, categories.Count);
        // A tree splits on the slot number itself, so it needs none of the Equal/Cast nodes.
        context.SetOrigins(encoded, [.. Enumerable.Range(0, categories.Count).Select(k => new SlotOrigin(slots, SlotOriginKind.OneHot, null, k, []) { OneHotOf = (input.Name, categories[k]) })]);
    }
}
