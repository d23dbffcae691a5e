namespace MlPipeline.Experiment;

/// <summary>One feature slot's weight.</summary>
/// <param name="Slot">What the slot holds: the value itself, <c>=category</c>, or <c>missing</c> (a date part is named by its part).</param>
/// <param name="Weight">Its coefficient, in the raw input's units.</param>
public sealed record SlotCoefficient(string Slot, double Weight);
