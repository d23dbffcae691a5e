using MathNet.Numerics.LinearAlgebra;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>
/// The elastic net (Zou and Hastie 2005) by cyclic coordinate descent along a warm-started path of penalties, as
/// glmnet does (Friedman, Hastie and Tibshirani 2010), in its covariance form: on standardised features each
/// coordinate step needs only a row of XᵀX/n, so a sweep costs O(p²) whatever the number of rows. It minimises
/// ½‖y − Xβ‖²/n + λ (ρ‖β‖₁ + (1 − ρ)‖β‖²/2); ρ = 1 is the lasso. λ is given relative to λ_max, the smallest
/// penalty at which every coefficient is zero, and the label is scaled to unit variance while solving (as glmnet
/// does), so one search range suits every data set: otherwise the ridge part of the penalty, λ(1 − ρ), would grow
/// with the label's units and shrink a house-price model to almost nothing.
/// </summary>
internal static class ElasticNetSolver
{
    private const int PathStepsPerDecade = 10;
    private const int MaxSweeps = 1000;
    private const double Tolerance = 1e-7;

    public static LinearSolution Fit(StandardizedGram data, double l1Ratio, double relativePenalty)
    {
        if (l1Ratio is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(l1Ratio), l1Ratio, "must be in (0, 1]");
        if (relativePenalty is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(relativePenalty), relativePenalty, "must be in (0, 1]");
        var k = data.Active.Length;
        var n = (double)data.Rows;
        var labelScale = Math.Sqrt(data.CenteredLabel.Sum(v => v * v) / n);
        if (labelScale == 0) labelScale = 1;
        var gram = data.Gram / n;
        var correlations = data.CrossProducts / (n * labelScale);
        var beta = Vector<double>.Build.Dense(k);
        if (k == 0) return data.ToRawScale(beta, 0, double.NaN);

        // λ_max: the gradient at β = 0 is the correlations; no coordinate moves while λρ exceeds them all.
        var lambdaMax = correlations.AbsoluteMaximum() / Math.Max(l1Ratio, 1e-3);
        var target = lambdaMax * relativePenalty;
        var steps = Math.Max(1, (int)Math.Ceiling(-Math.Log10(relativePenalty) * PathStepsPerDecade));
        var gradient = correlations.Clone();
        for (var s = 1; s <= steps; s++)
        {
            var lambda = lambdaMax * Math.Pow(relativePenalty, (double)s / steps);
            Descend(gram, gradient, beta, lambda * l1Ratio, lambda * (1 - l1Ratio));
        }
        return data.ToRawScale(beta * labelScale, target, double.NaN);
    }

    /// <summary>Cyclic coordinate descent at one penalty, from the current β; <paramref name="gradient"/> is Xᵀ(y − Xβ)/n, kept up to date.</summary>
    private static void Descend(Matrix<double> gram, Vector<double> gradient, Vector<double> beta, double l1, double l2)
    {
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var largestChange = 0.0;
            for (var j = 0; j < beta.Count; j++)
            {
                var diagonal = gram[j, j];
                var partial = gradient[j] + diagonal * beta[j];
                var updated = SoftThreshold(partial, l1) / (diagonal + l2);
                var change = updated - beta[j];
                if (change == 0) continue;
                beta[j] = updated;
                for (var i = 0; i < beta.Count; i++) gradient[i] -= gram[i, j] * change;
                largestChange = Math.Max(largestChange, Math.Abs(change) * Math.Sqrt(diagonal));
            }
            if (largestChange < Tolerance) return;
        }
    }

    private static double SoftThreshold(double value, double threshold) =>
        value > threshold ? value - threshold : value < -threshold ? value + threshold : 0;
}
