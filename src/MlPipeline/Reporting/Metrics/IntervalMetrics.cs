using MlPipeline.Experiment;

namespace MlPipeline.Reporting.Metrics;

/// <summary>
/// The prediction interval in <c>metrics.json</c>: how it was calibrated (on validation residuals) and how it did on the
/// held-out test rows, which calibration never saw. Without an interval only <see cref="Reason"/> is set.
/// </summary>
/// <param name="Level">Nominal coverage.</param>
/// <param name="Method">split-conformal or cv-conformal.</param>
/// <param name="HalfWidth">Score ± this.</param>
/// <param name="CalibrationRows">Out-of-fold residuals it was calibrated on.</param>
/// <param name="Exact">Whether the finite-sample coverage guarantee holds (see <see cref="PredictionInterval.Exact"/>).</param>
/// <param name="TestCoverage">Share of test rows whose label lies in [Lower, Upper].</param>
/// <param name="TestMeanWidth">Mean Upper − Lower on the test rows.</param>
/// <param name="TestWidthOverLabelSd">That width divided by the test labels' standard deviation; null for a constant label.</param>
/// <param name="Reason">Why there is no interval although one was asked for.</param>
internal sealed record IntervalMetrics(
    double? Level, string? Method, double? HalfWidth, int? CalibrationRows, bool? Exact,
    double? TestCoverage, double? TestMeanWidth, double? TestWidthOverLabelSd, string? Reason)
{
    /// <summary>The record of a run: null when no interval was asked for.</summary>
    public static IntervalMetrics? From(ExperimentResult result)
    {
        if (result.Model.Interval is not { } interval)
        {
            return result.IntervalNote is { } note ? new(null, null, null, null, null, null, null, null, note) : null;
        }
        var (coverage, width) = Measure(interval, result.TestLabels, result.TestPredictions);
        var sd = StandardDeviation(result.TestLabels);
        return new(interval.Level, interval.Method, interval.HalfWidth, interval.CalibrationRows, interval.Exact,
            coverage, width, width is { } w && sd > 0 ? w / sd : null, null);
    }

    /// <summary>Coverage and mean width of <paramref name="interval"/> on rows with known labels; nulls without rows.</summary>
    internal static (double? Coverage, double? MeanWidth) Measure(PredictionInterval interval, IReadOnlyList<float> labels, IReadOnlyList<float> scores)
    {
        if (labels.Count == 0 || labels.Count != scores.Count) return (null, null);
        int inside = 0;
        double width = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            float lower = interval.LowerOf(scores[i]), upper = interval.UpperOf(scores[i]);
            if (labels[i] >= lower && labels[i] <= upper) inside++;
            width += (double)upper - lower;
        }
        return ((double)inside / labels.Count, width / labels.Count);
    }

    private static double StandardDeviation(IReadOnlyList<float> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average(v => (double)v);
        return Math.Sqrt(values.Sum(v => ((double)v - mean) * ((double)v - mean)) / (values.Count - 1));
    }
}
