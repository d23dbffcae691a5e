using MlPipeline.Experiment;

namespace MlPipeline.Tests.Experiment;

/// <summary>The conformal quantile: the ⌈level·(n+1)⌉-th smallest absolute residual, or no interval when n is too small.</summary>
public sealed class ConformalCalibrationTests
{
    [Fact]
    public void Calibrate_Takes_The_Ceiling_Of_Level_Times_N_Plus_One_Smallest_Absolute_Residual()
    {
        // Given: residuals 1..19 (with both signs), n = 19: ⌈0.9 × 20⌉ = 18
        float[] predictions = [.. Enumerable.Range(1, 19).Select(_ => 100f)];
        float[] labels = [.. Enumerable.Range(1, 19).Select(r => 100f + (r % 2 == 0 ? r : -r))];

        // When
        var interval = ConformalCalibration.Calibrate(labels, predictions, 0.9, PredictionInterval.SplitConformal, exact: true)!;

        // Then
        Assert.Equal(18f, interval.HalfWidth);
        Assert.Equal(19, interval.CalibrationRows);
        Assert.Equal(82f, interval.LowerOf(100f));
        Assert.Equal(118f, interval.UpperOf(100f));
    }

    [Theory]
    [InlineData(9, 0.9, 9)]    // 0.9 × 10 is 9 in exact arithmetic, not 10
    [InlineData(99, 0.95, 95)]
    [InlineData(1000, 0.9, 901)]
    public void MinimumRank_Is_The_Exact_Ceiling(int n, double level, int expected) =>
        Assert.Equal(expected, ConformalCalibration.MinimumRank(n, level));

    [Fact]
    public void Too_Few_Rows_For_The_Level_Give_No_Interval()
    {
        // Given: 8 residuals, and 0.9 needs the 9th smallest
        float[] labels = [1, 2, 3, 4, 5, 6, 7, 8];

        // When
        var interval = ConformalCalibration.Calibrate(labels, new float[8], 0.9, PredictionInterval.SplitConformal, exact: true);

        // Then
        Assert.Null(interval);
        Assert.Equal(9, ConformalCalibration.MinimumRows(0.9));
        Assert.NotNull(ConformalCalibration.Calibrate([.. labels, 9], new float[9], 0.9, PredictionInterval.SplitConformal, exact: true));
    }

    [Fact]
    public void The_Float_Half_Width_Is_Never_Below_The_Residual()
    {
        // Given: a residual, computed in double, that float cannot hold and rounds down
        float label = 123.4f, prediction = 0.3f;
        var residual = (double)label - prediction;
        Assert.True((double)(float)residual < residual);

        // When
        var interval = ConformalCalibration.Calibrate([.. Enumerable.Repeat(label, 10)], [.. Enumerable.Repeat(prediction, 10)], 0.5, PredictionInterval.SplitConformal, exact: true)!;

        // Then
        Assert.True(interval.HalfWidth >= residual);
    }
}
