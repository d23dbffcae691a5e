using MlPipeline.Data;

namespace MlPipeline.Preprocessing;

/// <summary>One slot of the feature vector a <see cref="PreprocessingPlan"/> produces, and the input column it comes from.</summary>
/// <param name="Column">The input column as named in the CSV (a date part's slot belongs to its date column).</param>
/// <param name="Label">What the slot holds: <c>value</c>, a date part, <c>missing</c> (an indicator) or <c>=category</c>.</param>
internal sealed record FeatureSlot(string Column, string Label)
{
    /// <summary>The slots of <paramref name="plan"/>'s feature vector, in order: numbers, missing indicators, one-hot categories.</summary>
    public static IReadOnlyList<FeatureSlot> Of(PreprocessingPlan plan, DataSchema schema)
    {
        var owner = schema.Features.SelectMany(c => c.LoadedColumnNames.Select(n => (Loaded: n, Column: c))).ToDictionary(p => p.Loaded, p => p.Column);
        var slots = new List<FeatureSlot>(plan.FeatureCount);
        foreach (var name in plan.NumericColumns)
        {
            var column = owner.GetValueOrDefault(name);
            slots.Add(new(column?.Name ?? name, column is { Role: ColumnRole.DateTime } ? name[(column.LoadedName.Length + 1)..] : "value"));
        }
        slots.AddRange(plan.ColumnsWithMissing.Select(name => new FeatureSlot(owner.GetValueOrDefault(name)?.Name ?? name, "missing")));
        slots.AddRange(plan.Categoricals.SelectMany(e => e.Categories.Select(category => new FeatureSlot(e.Column, "=" + category))));
        return slots;
    }
}
