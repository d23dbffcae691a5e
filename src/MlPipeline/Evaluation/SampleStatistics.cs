namespace MlPipeline.Evaluation;

/// <summary>Summaries of a sample of numbers.</summary>
internal static class SampleStatistics
{
    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count); null when there are none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        if (sorted.Length == 0) return null;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
