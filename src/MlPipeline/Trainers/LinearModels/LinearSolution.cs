namespace MlPipeline.Trainers.LinearModels;

/// <summary>A fitted linear model on the raw features: score = weights · x + bias.</summary>
/// <param name="Weights">One weight per feature slot.</param>
/// <param name="Bias">The intercept.</param>
/// <param name="Penalty">The penalty the solver settled on (0 for least squares).</param>
/// <param name="LeaveOneOutRmse">Ridge's leave-one-out RMSE at that penalty (exact, or its generalised cross-validation estimate on large data); NaN for the other solvers.</param>
internal sealed record LinearSolution(float[] Weights, float Bias, double Penalty, double LeaveOneOutRmse);
