using MlPipeline.Onnx.Graph;
using MlPipeline.Onnx.Inputs;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// One <c>LabelEncoder</c> over the string inputs of several one-hot columns instead of one encoder per column, as
/// ONNX Runtime pays per node and Ames has 39 such columns. Each category string gets one number across columns (a
/// string maps to the same number whichever column it is in, and to −1 when no column has it; each in its padded forms,
/// <see cref="RawInputs.Padded"/>), so a column's cell is its category k exactly when the column's code equals the
/// number of category k.
/// </summary>
internal static class SharedCategoryCodes
{
    /// <summary>
    /// <paramref name="origins"/> with every one-hot slot read from the shared codes (<see cref="SlotOrigin.SourceSlot"/>
    /// the column, <see cref="SlotOrigin.Category"/> the category's shared number); unchanged with fewer than two columns.
    /// </summary>
    public static IReadOnlyList<SlotOrigin?> Apply(OnnxConversionContext context, IReadOnlyList<SlotOrigin?> origins)
    {
        var oneHots = origins.Where(o => o?.OneHotOf is not null).ToList();
        var columns = oneHots.Select(o => o!.OneHotOf!.Value.Input).Distinct(StringComparer.Ordinal).ToList();
        if (columns.Count < 2) return origins;
        var categories = oneHots.Select(o => o!.OneHotOf!.Value.Category).Distinct(StringComparer.Ordinal).ToList();
        var number = categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var slotOf = columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var keys = categories.SelectMany((c, i) => RawInputs.Padded(c).Select(key => (Key: key, Number: (float)i))).ToList();
        var cells = context.Graph.AddNode("Concat", columns, attributes: OnnxGraphBuilder.Int("axis", 1));
        var codes = context.Graph.AddNode("LabelEncoder", [cells], domain: OnnxGraphBuilder.MlDomain, attributes:
        [
            OnnxGraphBuilder.Strings("keys_strings", keys.Select(k => k.Key)),
            OnnxGraphBuilder.Floats("values_floats", keys.Select(k => k.Number)),
            OnnxGraphBuilder.Float("default_float", -1),
        ]);
        return [.. origins.Select(o => o?.OneHotOf is { } of
            ? o with { Source = codes, SourceSlot = slotOf[of.Input], Category = number[of.Category] }
            : o)];
    }
}
