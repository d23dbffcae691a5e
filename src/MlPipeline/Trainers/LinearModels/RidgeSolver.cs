using MathNet.Numerics.LinearAlgebra;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>
/// Ridge regression in closed form with its penalty chosen by exact leave-one-out error over a log grid, all from
/// one eigendecomposition XᵀX = V Λ Vᵀ of the standardised features (the approach of scikit-learn's RidgeCV and of
/// Golub, Heath and Wahba 1979 for GCV). For penalty α the coefficients are V (Vᵀ Xᵀ y / (Λ + α)), the hat matrix
/// is 1/n + Q diag(1 / (Λ + α)) Qᵀ with Q = X V, and a row's leave-one-out residual is its residual / (1 − hᵢᵢ),
/// so every α costs O(n·p) once Q is known. Works when there are more features than rows (zero eigenvalues).
/// Q itself costs O(n·p²), minutes for a million rows; where that work passes <see cref="ExactWorkLimit"/> the penalty
/// is chosen by generalised cross-validation instead (Golub, Heath and Wahba 1979: every leverage replaced by their
/// mean tr(H)/n), which needs only Λ, Vᵀ Xᵀ y and yᵀy, O(p) per α. With that many rows per feature the leverages are
/// all small and the two criteria agree closely.
/// </summary>
internal static class RidgeSolver
{
    /// <summary>
    /// Penalties relative to the mean eigenvalue of XᵀX (which is n for standardised columns): from almost none to
    /// a thousand times the data's own scale, so the grid spans least squares to a near-constant model whatever n is.
    /// </summary>
    public static IReadOnlyList<double> RelativeGrid { get; } =
        [.. Enumerable.Range(0, 61).Select(i => Math.Pow(10, -7 + i * 10.0 / 60))];

    /// <summary>
    /// Multiply-adds (rows × features × (features + 2 × grid)) up to which leave-one-out is exact: a few seconds here,
    /// covering every dataset up to ~50k rows by ~100 features.
    /// </summary>
    public const double ExactWorkLimit = 2e9;

    public static LinearSolution Fit(StandardizedGram data) => Fit(data, RelativeGrid);

    public static LinearSolution Fit(StandardizedGram data, IReadOnlyList<double> relativeGrid, double exactWorkLimit = ExactWorkLimit)
    {
        var k = data.Active.Length;
        if (k == 0) return data.ToRawScale(Vector<double>.Build.Dense(0), 0, double.NaN);
        var (values, vectors) = data.Eigen();
        var z = vectors.TransposeThisAndMultiply(data.CrossProducts);
        var scale = Math.Max(values.Sum() / k, 1e-12);
        var alphas = relativeGrid.Select(r => r * scale).ToArray();
        var coefficients = alphas.Select(a => Vector<double>.Build.Dense(k, j => z[j] / (values[j] + a))).ToArray();
        var squaredErrors = (double)data.Rows * k * (k + 2.0 * alphas.Length) <= exactWorkLimit
            ? LeaveOneOut(data, values, vectors, alphas, coefficients)
            : GeneralizedCrossValidation(data, values, z, alphas);
        var best = Array.IndexOf(squaredErrors, squaredErrors.Min());
        return data.ToRawScale(vectors * coefficients[best], alphas[best], Math.Sqrt(squaredErrors[best] / data.Rows));
    }

    // Sum over rows of the squared leave-one-out residual, per α.
    private static double[] LeaveOneOut(StandardizedGram data, Vector<double> values, Matrix<double> vectors, double[] alphas, Vector<double>[] coefficients)
    {
        var k = values.Count;
        var squaredErrors = new double[alphas.Length];
        var inverse = alphas.Select(a => Vector<double>.Build.Dense(k, j => 1 / (values[j] + a))).ToArray();
        var intercept = 1.0 / data.Rows;
        foreach (var (block, start) in data.Blocks())
        {
            var q = block * vectors;
            var q2 = q.PointwiseMultiply(q);
            for (var a = 0; a < alphas.Length; a++)
            {
                var fitted = q * coefficients[a];
                var leverage = q2 * inverse[a];
                for (var i = 0; i < block.RowCount; i++)
                {
                    // A row that alone determines its own fit (leverage 1) has no leave-one-out prediction to speak of.
                    var h = Math.Min(intercept + leverage[i], 1 - 1e-9);
                    var residual = (data.CenteredLabel[start + i] - fitted[i]) / (1 - h);
                    squaredErrors[a] += residual * residual;
                }
            }
        }
        return squaredErrors;
    }

    // n × (RSS/n) / (1 − tr(H)/n)²: the same scale as the leave-one-out sum. In the eigenbasis, with zⱼ = (Vᵀ Xᵀ y)ⱼ,
    // RSS = yᵀy − Σ zⱼ² (2 / (λⱼ + α) − λⱼ / (λⱼ + α)²) and tr(H) = 1 + Σ λⱼ / (λⱼ + α) (the 1 is the intercept).
    private static double[] GeneralizedCrossValidation(StandardizedGram data, Vector<double> values, Vector<double> z, double[] alphas)
    {
        var n = (double)data.Rows;
        var total = data.CenteredLabel.Sum(v => v * v);
        return [.. alphas.Select(a =>
        {
            double explained = 0, trace = 1;
            for (var j = 0; j < values.Count; j++)
            {
                var d = values[j] + a;
                explained += z[j] * z[j] * (2 / d - values[j] / (d * d));
                trace += values[j] / d;
            }
            var residual = Math.Max(total - explained, 0);
            var dof = Math.Max(1 - trace / n, 1e-9);
            return residual / (dof * dof);
        })];
    }
}
