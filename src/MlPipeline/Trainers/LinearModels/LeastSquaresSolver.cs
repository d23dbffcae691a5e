namespace MlPipeline.Trainers.LinearModels;

/// <summary>
/// Ordinary least squares from the eigendecomposition of the standardised XᵀX. Exactly collinear directions (a
/// one-hot column's slots always sum to the intercept's column) are dropped, which gives the minimum-norm solution
/// of the rank-deficient problem, as LAPACK's gelsd and scikit-learn's LinearRegression do; the fitted values are
/// unique either way. Refused when it is not well posed: when the rank leaves no residual degrees of freedom, the
/// model interpolates the training rows and its coefficients mean nothing. Ridge is the model for those data.
/// </summary>
internal static class LeastSquaresSolver
{
    /// <summary>Eigenvalues below this share of the largest count as zero (condition number 10¹⁰).</summary>
    public const double RankTolerance = 1e-10;

    public static LinearSolution Fit(StandardizedGram data)
    {
        var (values, vectors) = data.Eigen();
        var cutoff = RankTolerance * Math.Max(values.Count == 0 ? 0 : values.Maximum(), double.Epsilon);
        var rank = values.Count(v => v > cutoff);
        if (data.Rows <= rank + 1)
        {
            throw new InvalidOperationException(
                $"least squares is not well posed: {data.Rows} rows for {rank} independent features and the intercept (use ridge)");
        }
        var z = vectors.TransposeThisAndMultiply(data.CrossProducts);
        var coefficients = vectors * z.MapIndexed((j, v) => values[j] > cutoff ? v / values[j] : 0);
        return data.ToRawScale(coefficients, 0, double.NaN);
    }
}
