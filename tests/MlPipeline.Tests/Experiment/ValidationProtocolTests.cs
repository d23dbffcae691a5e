using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Reporting;
using MlPipeline.Testing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Ensembles;

namespace MlPipeline.Tests.Experiment;

/// <summary>The automatic cross-validation / hold-out switch, and the bagged model a run without time to refit returns.</summary>
public sealed class ValidationProtocolTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1_000, 20, 48, 5)]       // small: the cheapest defaults five times over take a fraction of a second
    [InlineData(2_344, 308, 48, 5)]      // Ames at 60 s: five ridge fits take ~1.5 s of the 19 s a trial may use
    [InlineData(640_000, 283, 480, 1)]   // a million rows at 600 s: five ridge fits (~6 min) overrun a trial's 192 s
    [InlineData(640_000, 283, 4_800, 5)] // the same data with a budget ten times larger
    public void Folds_Are_Chosen_Unless_The_Cheapest_Defaults_Would_Overrun_A_Trials_Share(long rows, int slots, int seconds, int expected) =>
        // The cheapest default (ridge, 0.3 s on Ames) in a sweep of which one trial may take 40 %.
        Assert.Equal(expected, ExperimentData.ChooseFolds(ExperimentData.CostScale(rows, slots), 0.3, TimeSpan.FromSeconds(seconds), 0.4));

    /// <summary>Prepares 3,000 synthetic rows with the given folds (null: the rule's), cheapest defaults' cost and sweep.</summary>
    private Func<int?, double, TimeSpan?, ExperimentData> Preparer()
    {
        var ml = new MLContext(1);
        var path = _dir.Write("d.csv", SyntheticData.Csv(3_000));
        var schema = new SchemaInferrer().Infer(path, SyntheticData.Label, new CsvFormat(), SchemaOverrides.None);
        var options = new ExperimentOptions { DataPath = path, Label = SyntheticData.Label };
        return (folds, cheapestDefaultsCost, sweep) => ExperimentData.Prepare(ml, path, schema, options, folds, cheapestDefaultsCost, sweep);
    }

    [Fact]
    public void Under_Cross_Validation_Only_Trainers_Whose_Default_Folds_Would_Overrun_The_Cap_Are_Too_Slow_And_Never_A_Network()
    {
        var prepare = Preparer();
        var folds = prepare(5, 0, null);
        var holdOut = prepare(1, 0, null);
        var registry = TrainerRegistry.Default;
        // A cap just under five GAM default fits on these cells, well above five ridge fits.
        var cap = TimeSpan.FromSeconds(0.9 * 5 * registry.Get("gam").DefaultsCost * folds.DefaultsCostScale);

        Assert.True(folds.TooSlowForTheFolds(registry.Get("gam"), cap));
        Assert.False(folds.TooSlowForTheFolds(registry.Get("ridge"), cap));
        Assert.False(folds.TooSlowForTheFolds(registry.Get("tabm"), TimeSpan.Zero));
        Assert.False(holdOut.TooSlowForTheFolds(registry.Get("gam"), TimeSpan.Zero));
    }

    [Fact]
    public void Prepare_Switches_To_A_Hold_Out_Split_When_Cross_Validation_Would_Not_Fit_And_Keeps_Folds_When_It_Would()
    {
        var prepare = Preparer();

        var tight = prepare(null, 40, TimeSpan.FromSeconds(1));
        var roomy = prepare(null, 40, TimeSpan.FromHours(1));
        var forced = prepare(5, 40, TimeSpan.FromSeconds(1));

        Assert.Equal(1, tight.Split.Folds);
        Assert.Single(tight.Folds);
        Assert.StartsWith("hold-out validation", tight.Split.Protocol);
        Assert.Equal(5, roomy.Split.Folds);
        Assert.Equal(5, roomy.Folds.Count);
        Assert.Equal(roomy.Split.ValidationRows, roomy.Folds.Sum(f => f.ValidationLabels.Length));
        Assert.Equal(5, forced.Split.Folds);
    }

    [Fact]
    public void A_Study_Keeps_The_Folds_Its_First_Run_Chose_When_Resumed_With_Another_Budget()
    {
        var options = new ExperimentOptions
        {
            DataPath = _dir.Write("s.csv", SyntheticData.Csv(300)), Label = SyntheticData.Label, Trainers = "ridge", MaxTrials = 1,
            StudyName = "folds", StorageUrl = "sqlite:" + _dir.File("folds.db"), TimeBudget = TimeSpan.FromSeconds(60),
        };
        var first = new RegressionExperiment(new MLContext(1)).WithOptions(options).Run();
        // A budget so small that the rule alone would choose a hold-out split for a wide trainer list.
        var resumed = new RegressionExperiment(new MLContext(1)).WithOptions(options with { TimeBudget = TimeSpan.FromSeconds(20), MaxTrials = 2 }).Run();

        Assert.Equal(5, first.Split.Folds);
        Assert.Equal(first.Split.Folds, resumed.Split.Folds);
    }

    [Fact]
    public void Without_Time_To_Refit_The_Winner_Is_The_Average_Of_Its_Fold_Models_And_Exports_With_Parity()
    {
        var path = _dir.Write("b.csv", SyntheticData.Csv(400));
        using var cancel = new CancellationTokenSource();
        // Cancelled once the first trial is in: the run keeps what it has and refits nothing.
        var progress = new Inline(p => { if (p.TrialsDone >= 1) cancel.Cancel(); });
        var result = new RegressionExperiment(new MLContext(3)).WithOptions(new ExperimentOptions
        {
            DataPath = path, Label = SyntheticData.Label, Trainers = "fasttree", TimeBudget = TimeSpan.FromSeconds(60),
        }).Run(progress, cancel.Token);

        Assert.Equal(5, result.Split.Folds);
        Assert.False(result.RefitOnTrainAndValidation);
        var bagged = Assert.IsType<EnsembleTransformer>(result.Model.Transformer);
        Assert.Equal(5, bagged.Members.Length);
        Assert.All(bagged.Members, m => Assert.Equal(0.2, m.Weight, 12));
        Assert.All(bagged.Members, m => Assert.Equal(result.Best.Number, m.TrialNumber));
        // The average of five different fits, not one fit five times.
        var single = bagged.Members.Select(m => m.Chain.Transform(result.TestData!).GetColumn<float>(ColumnNames.Score).ToArray()).ToList();
        Assert.NotEqual(single[0], single[1]);
        var mean = Enumerable.Range(0, single[0].Length).Select(i => single.Average(s => s[i])).ToArray();
        Assert.All(Enumerable.Range(0, mean.Length), i => Assert.Equal(mean[i], result.TestPredictions![i], 3));
        // Every output is written: the report and metrics show one trial's five fold models as one member.
        var outcome = result.WriteOutputs(_dir.File("out"), path);
        Assert.True(outcome.Written, outcome.Reason);
        Assert.True(outcome.Parity!.Passed, outcome.Parity.Describe());
        Assert.True(File.Exists(Path.Combine(_dir.File("out"), "report.html")));
    }

    [Theory]
    [InlineData("fasttree")]
    [InlineData("lightgbm")]
    public void Boosted_Trees_Stop_Early_On_The_Validation_Rows_And_The_Refit_Boosts_The_Chosen_Count(string trainer)
    {
        var result = new RegressionExperiment(new MLContext(5)).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("e.csv", SyntheticData.Csv(600)), Label = SyntheticData.Label, Trainers = trainer,
            MaxTrials = 1, TimeBudget = TimeSpan.FromSeconds(120),
        }).Run();

        var chosen = Assert.Single(result.Leaderboard).Iterations;
        Assert.NotNull(chosen);
        // Stopped well before the cap: 480 noisy rows cannot use 2,000 rounds at the default learning rate.
        Assert.InRange(chosen!.Value, 1, MlPipeline.Trainers.Classic.EarlyStopping.MaxRounds / 2);
        Assert.True(result.RefitOnTrainAndValidation);
        var predictor = ((IEnumerable<ITransformer>)result.Model.Transformer).Last();
        Assert.Equal(chosen, MlPipeline.Trainers.Classic.EarlyStopping.FittedRounds(predictor));
    }

    private sealed class Inline(Action<ExperimentProgress> report) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => report(value);
    }
}
