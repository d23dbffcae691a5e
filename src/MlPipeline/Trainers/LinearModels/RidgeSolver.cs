using MathNet.Numerics.LinearAlgebra;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>
/// Ridge regression in closed form with its penalty chosen by exact leave-one-out error over a log grid, all from
/// one eigendecomposition XᵀX = V Λ Vᵀ of the standardised features (the approach of scikit-learn's RidgeCV and of
/// Golub, Heath and Wahba 1979 for GCV). For penalty α the coefficients are V (Vᵀ Xᵀ y / (Λ + α)), the hat matrix
/// is 1/n + Q diag(1 / (Λ + α)) Qᵀ with Q = X V, and a row's leave-one-out residual is its residual / (1 − hᵢᵢ),
/// so every α costs O(n·p) once Q is known. Works when there are more features than rows (zero eigenvalues).
/// </summary>
internal static class RidgeSolver
{
    /// <summary>
    /// Penalties relative to the mean eigenvalue of XᵀX (which is n for standardised columns): from almost none to
    /// a thousand times the data's own scale, so the grid spans least squares to a near-constant model whatever n is.
    /// </summary>
    public static IReadOnlyList<double> RelativeGrid { get; } =
        [.. Enumerable.Range(0, 61).Select(i => Math.Pow(10, -7 + i * 10.0 / 60))];

    public static LinearSolution Fit(StandardizedGram data) => Fit(data, RelativeGrid);

    public static LinearSolution Fit(StandardizedGram data, IReadOnlyList<double> relativeGrid)
    {
        var k = data.Active.Length;
        if (k == 0) return data.ToRawScale(Vector<double>.Build.Dense(0), 0, double.NaN);
        var (values, vectors) = data.Eigen();
        var z = vectors.TransposeThisAndMultiply(data.CrossProducts);
        var scale = Math.Max(values.Sum() / k, 1e-12);
        var alphas = relativeGrid.Select(r => r * scale).ToArray();
        var squaredErrors = new double[alphas.Length];
        var coefficients = alphas.Select(a => Vector<double>.Build.Dense(k, j => z[j] / (values[j] + a))).ToArray();
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
        var best = Array.IndexOf(squaredErrors, squaredErrors.Min());
        return data.ToRawScale(vectors * coefficients[best], alphas[best], Math.Sqrt(squaredErrors[best] / data.Rows));
    }
}
