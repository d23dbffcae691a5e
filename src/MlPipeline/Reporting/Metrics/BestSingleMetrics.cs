using System.Collections.Immutable;
using MlPipeline.Evaluation;
using MlPipeline.Preprocessing;

namespace MlPipeline.Reporting.Metrics;

/// <summary>The best single trial in <c>metrics.json</c>, whether or not an ensemble won.</summary>
internal sealed record BestSingleMetrics(
    string Trainer,
    int Number,
    ImmutableSortedDictionary<string, object> HyperParameters,
    PreprocessingOptions Preprocessing,
    RegressionQuality? Validation,
    RegressionQuality? TestFirstFold);
