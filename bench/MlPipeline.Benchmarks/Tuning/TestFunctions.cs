using MlPipeline.Tuning;

namespace MlPipeline.Benchmarks.Tuning;

/// <summary>Standard global-optimisation test functions (minima: Branin 0.397887, Hartmann-6 -3.32237, Rosenbrock 0).</summary>
internal static class TestFunctions
{
    public static double Branin(Trial t)
    {
        var x = t.SuggestFloat("x1", -5, 10);
        var y = t.SuggestFloat("x2", 0, 15);
        const double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, s = 10, tt = 1 / (8 * Math.PI);
        var u = y - b * x * x + c * x - 6;
        return u * u + s * (1 - tt) * Math.Cos(x) + s;
    }

    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];

    private static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 }, { 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 },
    };

    private static readonly double[,] P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 }, { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 }, { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    public static double Hartmann6(Trial t)
    {
        var x = Enumerable.Range(0, 6).Select(i => t.SuggestFloat($"x{i}", 0, 1)).ToArray();
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var inner = 0.0;
            for (var j = 0; j < 6; j++) inner += A[i, j] * (x[j] - P[i, j]) * (x[j] - P[i, j]);
            sum += Alpha[i] * Math.Exp(-inner);
        }

        return -sum;
    }

    public static double Rosenbrock10(Trial t)
    {
        var x = Enumerable.Range(0, 10).Select(i => t.SuggestFloat($"x{i}", -5, 10)).ToArray();
        var sum = 0.0;
        for (var i = 0; i < 9; i++) sum += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
        return sum;
    }

    public static double Quadratic(Trial t)
    {
        var x = t.SuggestFloat("x", -10, 10);
        var y = t.SuggestFloat("y", -10, 10);
        return (x - 2) * (x - 2) + (y + 3) * (y + 3);
    }
}
