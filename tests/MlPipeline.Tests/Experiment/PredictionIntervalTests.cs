using System.IO.Compression;
using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Reporting.Metrics;
using MlPipeline.Testing;
using Xunit.Abstractions;

namespace MlPipeline.Tests.Experiment;

/// <summary>The conformal interval of the final model: its coverage on known noise, and how model files carry it.</summary>
public sealed class PredictionIntervalTests(ITestOutputHelper output) : IDisposable
{
    private const double Sigma = 2;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ExperimentResult Run(string trainers, int folds, double? level, int trials = 1)
    {
        var train = _dir.Write($"train-{folds}.csv", SyntheticData.GaussianNoise(2_000, Sigma, seed: 1));
        var test = _dir.Write("test.csv", SyntheticData.GaussianNoise(5_000, Sigma, seed: 2));
        return new RegressionExperiment(new MLContext(1)).WithOptions(new ExperimentOptions
        {
            DataPath = train, TestDataPath = test, Label = SyntheticData.Label, Trainers = trainers, MaxTrials = trials,
            CrossValidationFolds = folds, IntervalLevel = level, TimeBudget = TimeSpan.FromSeconds(60),
        }).Run();
    }

    [Theory]
    [InlineData("ols", 1, 0.9, PredictionInterval.SplitConformal)]
    [InlineData("ols", 5, 0.9, PredictionInterval.CrossValidation)]
    [InlineData("ols", 5, 0.8, PredictionInterval.CrossValidation)]
    [InlineData("ols,fasttree", 5, 0.9, PredictionInterval.CrossValidation)] // an ensemble when it wins, else the better one
    public void Coverage_On_Known_Gaussian_Noise_Is_Within_Three_Points_Of_Nominal(string trainers, int folds, double level, string method)
    {
        // Given: 2,000 rows to learn from (80 % of them validation residuals under a hold-out split's 20 %: 400 or all 2,000),
        // and 5,000 separate test rows, so the measured coverage has a standard error under half a point
        // When
        var result = Run(trainers, folds, level, trials: trainers.Contains(',') ? 2 : 1);
        var interval = result.Model.Interval!;
        var (coverage, width) = IntervalMetrics.Measure(interval, result.TestLabels, result.TestPredictions);

        // Then
        output.WriteLine($"{trainers} ({result.Winner}), {folds} fold(s), {interval.Method}: nominal {level}, test coverage {coverage:F4}, half-width {interval.HalfWidth:G4} (σ = {Sigma}), {interval.CalibrationRows} residuals");
        Assert.Equal(5_000, result.TestLabels.Count);
        Assert.Equal(method, interval.Method);
        Assert.Equal(level, interval.Level);
        Assert.InRange(coverage!.Value, level - 0.03, level + 0.03);
        Assert.Equal(2.0 * interval.HalfWidth, width!.Value, 3);
        Assert.Null(result.IntervalNote);
    }

    [Fact]
    public void Whatever_Wins_On_Curved_Data_Its_Coverage_Is_Within_Three_Points_Of_Nominal()
    {
        // Given: a curved truth (x3²) with Gaussian noise, linear and tree trainers
        var train = _dir.Write("curved.csv", SyntheticData.Csv(2_000, seed: 1));
        var test = _dir.Write("curved-test.csv", SyntheticData.Csv(5_000, seed: 2));

        // When
        var result = new RegressionExperiment(new MLContext(1)).WithOptions(new ExperimentOptions
        {
            DataPath = train, TestDataPath = test, Label = SyntheticData.Label, Trainers = "ridge,fasttree,lightgbm", MaxTrials = 6,
            CrossValidationFolds = 5, TimeBudget = TimeSpan.FromSeconds(60),
        }).Run();
        var interval = result.Model.Interval!;
        var (coverage, _) = IntervalMetrics.Measure(interval, result.TestLabels, result.TestPredictions);

        // Then
        output.WriteLine($"{result.Winner} ({result.Ensemble?.Decision}): test coverage {coverage:F4}, half-width {interval.HalfWidth:G4}");
        Assert.False(interval.Exact);
        Assert.InRange(coverage!.Value, 0.87, 0.93);
    }

    [Fact]
    public void The_Half_Width_Of_A_Linear_Fit_Is_The_Noise_Quantile()
    {
        // Given: OLS fits the true line, so its residuals are the N(0, σ²) noise and the 90 % half-width is about 1.645·σ
        // When
        var interval = Run("ols", 5, 0.9).Model.Interval!;

        // Then
        Assert.InRange(interval.HalfWidth, 1.55 * Sigma, 1.75 * Sigma);
        Assert.Equal(2_000, interval.CalibrationRows);
    }

    [Fact]
    public void No_Level_Gives_No_Interval_Anywhere_In_The_Model()
    {
        // Given
        var result = Run("ols", 1, level: null);
        var path = _dir.File("none.zip");

        // When
        result.Model.Save(path);
        var loaded = PipelineModel.Load(new MLContext(1), path);
        var predictions = loaded.Predict(result.TestData!);

        // Then
        Assert.Null(result.Model.Interval);
        Assert.Null(result.IntervalNote);
        Assert.Null(IntervalMetrics.From(result));
        Assert.Null(loaded.Interval);
        Assert.False(predictions.HasInterval);
        using var zip = ZipFile.OpenRead(path);
        Assert.Null(zip.GetEntry(PipelineModel.IntervalEntry));
    }

    [Fact]
    public void A_Model_Zip_With_An_Interval_Loads_It_Back_And_One_Without_The_Entry_Still_Predicts()
    {
        // Given: a saved model with an interval, and a copy from before intervals (the entry removed)
        var result = Run("ols", 1, 0.9);
        var path = _dir.File("model.zip");
        result.Model.Save(path);
        var old = _dir.File("old.zip");
        File.Copy(path, old);
        using (var zip = ZipFile.Open(old, ZipArchiveMode.Update)) zip.GetEntry(PipelineModel.IntervalEntry)!.Delete();

        // When
        var current = PipelineModel.Load(new MLContext(1), path).Predict(result.TestData!);
        var before = PipelineModel.Load(new MLContext(1), old);
        var oldPredictions = before.Predict(result.TestData!);

        // Then
        Assert.Equal(result.Model.Interval, PipelineModel.Load(new MLContext(1), path).Interval);
        Assert.Equal(result.TestPredictions, current.Score);
        Assert.Equal(result.TestPredictions.Select(result.Model.Interval!.LowerOf), current.Lower!);
        Assert.Equal(result.TestPredictions.Select(result.Model.Interval!.UpperOf), current.Upper!);
        Assert.Null(before.Interval);
        Assert.Equal(result.TestPredictions, oldPredictions.Score);
        Assert.Null(oldPredictions.Lower);
        Assert.Null(oldPredictions.Upper);
    }

    [Fact]
    public void A_Level_Outside_Zero_To_One_Is_Refused()
    {
        // Given
        var experiment = new RegressionExperiment(new MLContext(1)).WithOptions(new ExperimentOptions { DataPath = "unused.csv", Label = "y", IntervalLevel = 1 });

        // When
        var error = Assert.Throws<ArgumentException>(() => experiment.Run());

        // Then
        Assert.Contains("interval level must be in (0, 1)", error.Message);
    }
}
