namespace MlPipeline.Evaluation;

/// <summary>Regression quality on one set of rows.</summary>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="R2">Coefficient of determination (1 − SSE/SST); null when every label is the same (SST = 0: R² is not defined).</param>
/// <param name="Mape">Mean absolute percentage error, in percent; null when a label is zero.</param>
/// <param name="Rows">Rows scored.</param>
public sealed record RegressionQuality(double Rmse, double Mae, double? R2, double? Mape, long Rows)
{
    /// <summary>Computes the metrics of <paramref name="predicted"/> against <paramref name="actual"/> (in double).</summary>
    /// <exception cref="ArgumentException">The lengths differ or there are no rows.</exception>
    public static RegressionQuality Compute(IReadOnlyList<float> actual, IReadOnlyList<float> predicted)
    {
        if (actual.Count != predicted.Count) throw new ArgumentException($"{actual.Count} labels but {predicted.Count} predictions");
        if (actual.Count == 0) throw new ArgumentException("no rows to evaluate");
        double mean = 0;
        for (var i = 0; i < actual.Count; i++) mean += actual[i];
        mean /= actual.Count;
        double sse = 0, sst = 0, sae = 0, sape = 0;
        var hasZero = false;
        for (var i = 0; i < actual.Count; i++)
        {
            double y = actual[i], error = predicted[i] - y;
            sse += error * error;
            sst += (y - mean) * (y - mean);
            sae += Math.Abs(error);
            if (y == 0) hasZero = true;
            else sape += Math.Abs(error / y);
        }
        var n = actual.Count;
        return new RegressionQuality(
            Math.Sqrt(sse / n),
            sae / n,
            sst > 0 ? 1 - sse / sst : null,
            hasZero ? null : 100 * sape / n,
            n);
    }

    /// <summary>
    /// A metric as text (console, report, CSV): <paramref name="format"/> in the invariant culture, or
    /// <paramref name="missing"/> when it is missing or not finite (the R² of a constant label).
    /// </summary>
    internal static string Format(double? value, string format, string missing = "n/a") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : missing;
}
