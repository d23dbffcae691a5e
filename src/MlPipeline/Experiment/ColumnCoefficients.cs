using System.Collections.Immutable;

namespace MlPipeline.Experiment;

/// <summary>One input column's coefficients: one slot for a number, one per kept category, one for a missing indicator.</summary>
/// <param name="Column">The input column as named in the CSV.</param>
/// <param name="Slots">Its feature slots and their weights.</param>
public sealed record ColumnCoefficients(string Column, ImmutableArray<SlotCoefficient> Slots)
{
    /// <summary>The sum of the slots' absolute weights.</summary>
    public double Magnitude => Slots.Sum(s => Math.Abs(s.Weight));
}
