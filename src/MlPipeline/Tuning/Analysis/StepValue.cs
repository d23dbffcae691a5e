namespace MlPipeline.Tuning.Analysis;

/// <summary>An intermediate value.</summary>
/// <param name="Step">Step.</param>
/// <param name="Value">Reported value.</param>
public sealed record StepValue(int Step, double Value);
