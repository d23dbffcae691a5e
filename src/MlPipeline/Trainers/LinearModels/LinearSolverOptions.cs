using MlPipeline.Data;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>Options of the closed-form linear regressors. Features are standardised internally; the intercept is never penalised.</summary>
public sealed record LinearSolverOptions
{
    /// <summary>The solver.</summary>
    public LinearSolver Solver { get; init; } = LinearSolver.Ridge;

    /// <summary>Name of the input feature vector column (Single).</summary>
    public string FeatureColumnName { get; init; } = ColumnNames.Features;

    /// <summary>Name of the label column (Single).</summary>
    public string LabelColumnName { get; init; } = ColumnNames.Label;

    /// <summary>Elastic net: the share of the penalty on the L1 norm, in (0, 1]; 1 is the lasso.</summary>
    public double L1Ratio { get; init; } = 0.5;

    /// <summary>Elastic net: the penalty as a fraction of the smallest one that zeroes every coefficient, in (0, 1].</summary>
    public double RelativePenalty { get; init; } = 1e-3;
}
