namespace MlPipeline.Tuning.Samplers;

/// <summary>Standard normal helpers for the truncated Gaussian kernels.</summary>
internal static class NormalMath
{
    private const double LogSqrt2Pi = 0.91893853320467274178;

    // Numerical Recipes erfc (Chebyshev fit, fractional error < 1.2e-7 everywhere), which keeps
    // relative accuracy in the tails where 1 - erf would cancel to zero.
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>P(a &lt; X &lt; b) for a standard normal, computed on the side that avoids cancellation.</summary>
    public static double Mass(double a, double b)
    {
        if (a > 0) return Cdf(-a) - Cdf(-b);
        return Cdf(b) - Cdf(a);
    }

    public static double LogPdf(double z) => -0.5 * z * z - LogSqrt2Pi;

    public static double SampleStandard(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Samples N(mu, sigma) truncated to [0, 1] by rejection (acceptance is &gt;= ~1/3 because sigma &lt;= 1 and mu lies in [0, 1]).</summary>
    public static double SampleTruncatedUnit(Random rng, double mu, double sigma)
    {
        for (var i = 0; i < 200; i++)
        {
            var x = mu + sigma * SampleStandard(rng);
            if (x is >= 0 and <= 1) return x;
        }

        return Math.Clamp(mu, 0, 1);
    }

    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        if (double.IsNegativeInfinity(max)) return max;
        var sum = 0.0;
        foreach (var v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
