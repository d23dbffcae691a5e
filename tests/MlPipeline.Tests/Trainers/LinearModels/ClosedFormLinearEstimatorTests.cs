using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlPipeline.Testing;
using MlPipeline.Trainers.LinearModels;

namespace MlPipeline.Tests.Trainers.LinearModels;

public sealed class ClosedFormLinearEstimatorTests
{
    [Theory]
    [InlineData(LinearSolver.Ridge)]
    [InlineData(LinearSolver.ElasticNet)]
    [InlineData(LinearSolver.LeastSquares)]
    public void Should_ScoreSaveAndLoadAsMlNetLinearModel_When_Fitted(LinearSolver solver)
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows(200));
        var estimator = new ClosedFormLinearEstimator(new LinearSolverOptions { Solver = solver, RelativePenalty = 1e-4 });

        var model = estimator.Fit(data);
        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        var labels = data.GetColumn<float>("Label").ToArray();
        using var dir = new TempDirectory();
        ml.Model.Save(model, data.Schema, dir.File("linear.zip"));
        var loaded = ml.Model.Load(dir.File("linear.zip"), out _);

        Assert.IsType<LinearRegressionModelParameters>(model.Model);
        Assert.Equal(scores, loaded.Transform(data).GetColumn<float>("Score").ToArray());
        var rmse = Math.Sqrt(scores.Zip(labels, (s, y) => (s - y) * (s - y)).Average());
        Assert.True(rmse < 0.2, $"{solver}: RMSE {rmse} on data with noise 0.1");
    }

    [Fact]
    public void Should_SayWhy_When_LeastSquaresIsNotWellPosed()
    {
        var ml = new MLContext(1);
        var rows = Rows(4);
        var estimator = ml.Regression.Trainers.LeastSquares();

        var error = Assert.Throws<InvalidOperationException>(() => estimator.Fit(ml.Data.LoadFromEnumerable(rows)));

        Assert.Contains("not well posed", error.Message);
    }

    private static IEnumerable<Row> Rows(int count)
    {
        var random = new Random(4);
        for (var i = 0; i < count; i++)
        {
            float a = (float)random.NextDouble(), b = (float)random.NextDouble(), c = (float)random.NextDouble();
            yield return new Row { Features = [a, b, c], Label = 2 * a - 3 * b + 0.5f * c + 1 + (float)(random.NextDouble() - 0.5) * 0.2f };
        }
    }

    private sealed class Row
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
