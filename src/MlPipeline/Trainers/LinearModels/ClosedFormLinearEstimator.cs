using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>
/// Ridge, elastic net or least squares on the feature vector, solved in closed form or by coordinate descent on
/// the standardised Gram matrix (MathNet.Numerics); the result is ML.NET's own linear model, so it saves, scores
/// and exports like SDCA's. Create it with <see cref="LinearCatalogExtensions"/>.
/// </summary>
public sealed class ClosedFormLinearEstimator : IEstimator<RegressionPredictionTransformer<LinearRegressionModelParameters>>
{
    // The fitted model only uses its environment for checks and messages; a loaded model gets the loader's.
    private static readonly MLContext s_host = new();
    private readonly LinearSolverOptions _options;

    /// <summary>Creates the estimator.</summary>
    /// <param name="options">Solver and columns.</param>
    public ClosedFormLinearEstimator(LinearSolverOptions options) =>
        _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Fits on the rows of <paramref name="input"/> whose label is finite.</summary>
    /// <param name="input">Data with the feature vector and label columns.</param>
    /// <returns>The fitted linear model.</returns>
    /// <exception cref="InvalidOperationException">Least squares on collinear features or more features than rows.</exception>
    public RegressionPredictionTransformer<LinearRegressionModelParameters> Fit(IDataView input)
    {
        var width = FeatureReader.VectorSize(input.Schema, _options.FeatureColumnName);
        FeatureReader.CheckLabel(input.Schema, _options.LabelColumnName);
        var rows = FeatureReader.Read(input, _options.FeatureColumnName, _options.LabelColumnName, width);
        var data = StandardizedGram.From(rows.Features, rows.Labels, rows.Rows, width);
        var solution = _options.Solver switch
        {
            LinearSolver.Ridge => RidgeSolver.Fit(data),
            LinearSolver.ElasticNet => ElasticNetSolver.Fit(data, _options.L1Ratio, _options.RelativePenalty),
            LinearSolver.LeastSquares => LeastSquaresSolver.Fit(data),
            _ => throw new ArgumentOutOfRangeException(nameof(input), _options.Solver, "unknown solver"),
        };
        return LinearModelFactory.Create(s_host, solution, input.Schema, _options.FeatureColumnName);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
        // The same shape ML.NET's linear regressors declare: a Single Score next to the input columns.
        s_host.Regression.Trainers.OnlineGradientDescent(_options.LabelColumnName, _options.FeatureColumnName).GetOutputSchema(inputSchema);
}
