namespace MlPipeline.Trainers.LinearModels;

/// <summary>How <see cref="ClosedFormLinearEstimator"/> fits its weights.</summary>
public enum LinearSolver
{
    /// <summary>Ridge regression, its penalty chosen by exact leave-one-out error over a log grid.</summary>
    Ridge,

    /// <summary>Elastic net (lasso at <see cref="LinearSolverOptions.L1Ratio"/> 1) by coordinate descent at a given penalty.</summary>
    ElasticNet,

    /// <summary>Ordinary least squares; refused when the features are collinear or outnumber the rows.</summary>
    LeastSquares,
}
