using Microsoft.ML;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>Closed-form linear regressors on <c>mlContext.Regression.Trainers</c>.</summary>
public static class LinearCatalogExtensions
{
    /// <summary>Ridge regression whose penalty is chosen by exact leave-one-out error (one eigendecomposition; more features than rows is fine).</summary>
    /// <param name="trainers">The regression trainer catalog.</param>
    /// <param name="labelColumnName">The label column.</param>
    /// <param name="featureColumnName">The feature vector column.</param>
    /// <returns>The estimator.</returns>
    public static ClosedFormLinearEstimator Ridge(this RegressionCatalog.RegressionTrainers trainers,
        string labelColumnName = Data.ColumnNames.Label, string featureColumnName = Data.ColumnNames.Features) =>
        new(new LinearSolverOptions { Solver = LinearSolver.Ridge, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Elastic net (lasso at <paramref name="l1Ratio"/> 1) by coordinate descent along a warm-started penalty path.</summary>
    /// <param name="trainers">The regression trainer catalog.</param>
    /// <param name="l1Ratio">The share of the penalty on the L1 norm, in (0, 1].</param>
    /// <param name="relativePenalty">The penalty as a fraction of the smallest one that zeroes every coefficient, in (0, 1].</param>
    /// <param name="labelColumnName">The label column.</param>
    /// <param name="featureColumnName">The feature vector column.</param>
    /// <returns>The estimator.</returns>
    public static ClosedFormLinearEstimator ElasticNet(this RegressionCatalog.RegressionTrainers trainers, double l1Ratio = 0.5, double relativePenalty = 1e-3,
        string labelColumnName = Data.ColumnNames.Label, string featureColumnName = Data.ColumnNames.Features) =>
        new(new LinearSolverOptions
        {
            Solver = LinearSolver.ElasticNet, L1Ratio = l1Ratio, RelativePenalty = relativePenalty,
            LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName,
        });

    /// <summary>Ordinary least squares, refused (at fit) when the features are collinear or outnumber the rows.</summary>
    /// <param name="trainers">The regression trainer catalog.</param>
    /// <param name="labelColumnName">The label column.</param>
    /// <param name="featureColumnName">The feature vector column.</param>
    /// <returns>The estimator.</returns>
    public static ClosedFormLinearEstimator LeastSquares(this RegressionCatalog.RegressionTrainers trainers,
        string labelColumnName = Data.ColumnNames.Label, string featureColumnName = Data.ColumnNames.Features) =>
        new(new LinearSolverOptions { Solver = LinearSolver.LeastSquares, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });
}
