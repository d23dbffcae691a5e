namespace MlPipeline.Trainers.LinearModels;

/// <summary>
/// Ordinary least squares from the eigendecomposition of the standardised XᵀX, refused when it is not well posed:
/// fewer rows than features, or a feature (near) collinear with others, where the solution is not unique and its
/// coefficients would mean nothing. Ridge is the model for those data.
/// </summary>
internal static class LeastSquaresSolver
{
    /// <summary>Smallest eigenvalue relative to the largest below which XᵀX counts as singular (condition number 10¹⁰).</summary>
    public const double ConditionLimit = 1e-10;

    public static LinearSolution Fit(StandardizedGram data)
    {
        var k = data.Active.Length;
        if (data.Rows <= k)
        {
            throw new InvalidOperationException($"least squares is not well posed: {data.Rows} rows for {k} varying features (use ridge)");
        }
        var (values, vectors) = data.Eigen();
        var largest = values.Maximum();
        var smallest = values.Minimum();
        if (k > 0 && smallest <= ConditionLimit * largest)
        {
            throw new InvalidOperationException(
                $"least squares is not well posed: the features are collinear (condition number {largest / Math.Max(smallest, double.Epsilon):E1}; use ridge)");
        }
        var z = vectors.TransposeThisAndMultiply(data.CrossProducts);
        return data.ToRawScale(vectors * z.PointwiseDivide(values), 0, double.NaN);
    }
}
