using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Evaluation;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Classic;

namespace MlPipeline.Tests.Trainers.Classic;

[Collection(TimedFitCollection.Name)]
public sealed class GamCandidateTests
{
    private const int Width = 100;

    private sealed class Row
    {
        public float Label { get; set; }

        [VectorType(Width)]
        public float[] Features { get; set; } = [];
    }

    [Fact]
    public void Should_BoostTheConfiguredRounds_When_TheyFitInTheTimeShare_And_ProportionallyFewer_When_They_DoNot()
    {
        // A probe on 2,000 rows: 0.1 s fixed and 2 ms a round; a fit on 10,000 rows five times that: 0.5 s and 10 ms a round,
        // so half of 10 s holds 450 rounds
        Assert.Equal(400, GamCandidate.RoundsWithin(400, 0.1, 0.002, 2000, 10_000, TimeSpan.FromSeconds(10)));
        Assert.Equal(450, GamCandidate.RoundsWithin(2500, 0.1, 0.002, 2000, 10_000, TimeSpan.FromSeconds(10)));
        Assert.Equal(GamCandidate.MinRounds, GamCandidate.RoundsWithin(2500, 0.1, 0.002, 2000, 10_000, TimeSpan.FromSeconds(1)));
        Assert.Equal(GamCandidate.MinRounds, GamCandidate.RoundsWithin(2500, 0.1, 0.002, 2000, 10_000, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Should_FitTheFewestRounds_Only_When_TheyEndInTheTimeShare()
    {
        // The probe's costs as above: 20 rounds on 10,000 rows take 5 × (0.1 + 20 × 0.002) = 0.7 s
        Assert.True(GamCandidate.FitsWithin(GamCandidate.MinRounds, 0.1, 0.002, 2000, 10_000, TimeSpan.FromSeconds(0.75)));
        Assert.False(GamCandidate.FitsWithin(GamCandidate.MinRounds, 0.1, 0.002, 2000, 10_000, TimeSpan.FromSeconds(0.65)));
        Assert.False(GamCandidate.FitsWithin(GamCandidate.MinRounds, 0.1, 0.002, 2000, 10_000, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Should_RefuseToStart_When_EvenItsFewestRoundsWouldOverrunItsTimeLimit()
    {
        // Given: the rows below, whose fewest rounds take far longer than a fit drawn 0.05 s before the deadline has
        var (ml, data, rows) = Rows(6000);
        var candidate = TrainerRegistry.Default.Get("gam");
        var input = new TrainerInput(ColumnNames.Label, ColumnNames.Features, 5, rows.Count) { TimeLimit = TimeSpan.FromSeconds(0.05) };

        // When
        var error = Record.Exception(() => candidate.CreateEstimator(ml, input, candidate.Defaults).Fit(data));

        // Then: refused, saying why, rather than fitted past the deadline to fail there; the lock is free again
        var refused = Assert.IsType<FitRefusedException>(error);
        Assert.Contains("would take about", refused.Message);
        Assert.True(candidate.CanStartNow);
    }

    private static (MLContext Ml, IDataView Data, List<Row> Rows) Rows(int count)
    {
        var ml = new MLContext(3);
        var random = new Random(4);
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble()).ToArray();
            return new Row { Features = x, Label = (float)(3 * x[0] + Math.Sin(6 * x[1]) + 0.1 * random.NextDouble()) };
        }).ToList();
        return (ml, ml.Data.LoadFromEnumerable(rows), rows);
    }

    [Fact]
    public void Should_EndInsideItsTimeLimit_And_BlockOtherGamTrials_While_ItFits()
    {
        // Given: 6,000 rows × 100 features, whose 2,500 default rounds take about 11 s on one core here, and 6 s to fit
        var (ml, data, rows) = Rows(6000);
        var candidate = TrainerRegistry.Default.Get("gam");
        var limit = TimeSpan.FromSeconds(6);
        var input = new TrainerInput(ColumnNames.Label, ColumnNames.Features, 5, rows.Count) { TimeLimit = limit };

        // When: it fits on a thread of its own while this one watches whether a GAM could start
        var clock = Stopwatch.StartNew();
        ITransformer? model = null;
        Exception? error = null;
        var fit = new Thread(() =>
        {
            try { model = candidate.CreateEstimator(ml, input, candidate.Defaults).Fit(data); }
            catch (Exception e) { error = e; }
        });
        fit.Start();
        var sawBlocked = false;
        while (!fit.Join(5)) sawBlocked |= !candidate.CanStartNow;
        var seconds = clock.Elapsed.TotalSeconds;

        // Then: it returned within its limit (its rounds take half of it; unbounded, the fit takes over twice the limit),
        // blocked GAM while fitting, and beats the mean (with the few rounds its probes leave it, not by much)
        Assert.Null(error);
        Assert.True(seconds < limit.TotalSeconds, $"fit took {seconds:F1} s for a {limit.TotalSeconds:F0} s limit");
        Assert.True(sawBlocked, $"a GAM could start while another was fitting");
        Assert.True(candidate.CanStartNow);
        var labels = rows.Select(r => r.Label).ToArray();
        var quality = RegressionQuality.Compute(labels, model!.Transform(data).GetColumn<float>(ColumnNames.Score).ToArray());
        Assert.True(quality.R2 > 0.1, $"R² {quality.R2:F3}");
    }
}
