using Microsoft.ML.Data;
using MlPipeline.Onnx.Graph;
using MlPipeline.Preprocessing;
using Onnx;

namespace MlPipeline.Onnx.Converters;

/// <summary><c>ColumnConcatenatingTransformer</c> → <c>Concat</c> along the feature axis.</summary>
internal sealed class ConcatenateConverter() : StepConverter<ColumnConcatenatingTransformer>(StepKind.Concatenate)
{
    protected override void Convert(OnnxConversionContext context, ColumnConcatenatingTransformer fitted, PreprocessingStep step)
    {
        var inputs = SharedOneHot(context, step.Inputs.Select(context.Column).ToList());
        var output = inputs.Count == 1
            ? context.Graph.AddNode("Identity", [inputs[0].Name])
            : context.Graph.AddNode("Concat", [.. inputs.Select(i => i.Name)], attributes: OnnxGraphBuilder.Int("axis", 1));
        context.Set(step.Output, output, inputs.Sum(i => i.Width));
        context.SetOrigins(output, [.. inputs.SelectMany(i => context.Origins(i.Name, i.Width))]);
    }

    /// <summary>
    /// The inputs with their one-hot columns, when several, computed together from <see cref="SharedCategoryCodes"/>:
    /// <c>Gather</c> of each slot's column code, <c>Equal</c> to each slot's category number, <c>Cast</c> — the same 0/1
    /// values in 5 nodes instead of 3 per column. The per-column nodes are then unused and dropped.
    /// </summary>
    private static List<(string Name, long Width)> SharedOneHot(OnnxConversionContext context, List<(string Name, long Width)> inputs)
    {
        bool IsOneHot((string Name, long Width) input) => context.Origins(input.Name, input.Width).All(o => o?.OneHotOf is not null);
        var first = inputs.FindIndex(IsOneHot);
        if (first < 0) return inputs;
        var count = inputs.Skip(first).TakeWhile(IsOneHot).Count();
        if (count < 2) return inputs;
        var block = inputs.GetRange(first, count);
        var origins = SharedCategoryCodes.Apply(context, [.. block.SelectMany(i => context.Origins(i.Name, i.Width))]);
        // Apply leaves the origins as they were when the block one-hot encodes a single input column: no shared codes.
        if (origins.Select(o => o!.Source).Distinct(StringComparer.Ordinal).Count() != 1) return inputs;
        var codes = origins[0]!.Source;
        var columns = context.Graph.AddInt64s("columns", origins.Select(o => (long)o!.SourceSlot), origins.Count);
        var perSlot = context.Graph.AddNode("Gather", [codes, columns], attributes: OnnxGraphBuilder.Int("axis", 1));
        var numbers = context.Graph.AddFloats("categories", origins.Select(o => (float)o!.Category), origins.Count);
        var encoded = context.Cast(context.Graph.AddNode("Equal", [perSlot, numbers]), TensorProto.Types.DataType.Float);
        context.SetOrigins(encoded, origins);
        inputs.RemoveRange(first, count);
        inputs.Insert(first, (encoded, origins.Count));
        return inputs;
    }
}
