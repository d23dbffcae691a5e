namespace MlPipeline.Preprocessing;

/// <summary>Finds label outliers with a robust z-score (Iglewicz and Hoaglin's modified z &gt; 3.5), or IQR fences.</summary>
internal static class LabelOutlierDetector
{
    /// <summary>Modified z-score above which a label is an outlier.</summary>
    public const double Threshold = 3.5;

    /// <summary>Computes the fences and counts the labels outside them.</summary>
    public static LabelOutlierReport Detect(IReadOnlyList<float> labels, bool dropped)
    {
        var sorted = labels.Where(float.IsFinite).Select(v => (double)v).Order().ToArray();
        if (sorted.Length == 0) return new LabelOutlierReport("none", double.NegativeInfinity, double.PositiveInfinity, 0, 0, dropped);
        var median = Quantile(sorted, 0.5);
        var deviations = sorted.Select(v => Math.Abs(v - median)).Order().ToArray();
        var mad = Quantile(deviations, 0.5);
        double lower, upper;
        string method;
        if (mad > 0)
        {
            // 0.6745 makes the MAD consistent with the standard deviation of a normal distribution.
            var halfWidth = Threshold * mad / 0.6745;
            (lower, upper, method) = (median - halfWidth, median + halfWidth, "robust z-score (median ± 3.5·MAD/0.6745)");
        }
        else
        {
            var q1 = Quantile(sorted, 0.25);
            var q3 = Quantile(sorted, 0.75);
            var iqr = q3 - q1;
            (lower, upper, method) = (q1 - 3 * iqr, q3 + 3 * iqr, "IQR fences (Q1 − 3·IQR, Q3 + 3·IQR)");
        }
        var count = sorted.LongCount(v => v < lower || v > upper);
        return new LabelOutlierReport(method, lower, upper, count, sorted.Length, dropped);
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
