namespace MlPipeline.Tuning.Analysis;

/// <summary>One Complete trial in a parallel-coordinates view.</summary>
/// <param name="Number">Trial number.</param>
/// <param name="Value">Objective value.</param>
/// <param name="Unit">Each parameter on [0, 1] (its distribution's unit transform), null when absent.</param>
/// <param name="Raw">Each parameter's user-facing value, null when absent.</param>
public sealed record ParallelCoordinatesRow(int Number, double Value, IReadOnlyList<double?> Unit, IReadOnlyList<object?> Raw);
