namespace MlPipeline.Reporting.Metrics;

/// <summary>The winning network's training curve in <c>metrics.json</c>; diagnosis and stop reason as their C# names.</summary>
internal sealed record NeuralMetrics(string Diagnosis, string Explanation, int Epochs, int BestEpoch, string StopReason);
