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
    [InlineData(1_000, 20, 40.0, 48, 5)]      // small: every default five times over takes a few seconds
    [InlineData(20_000, 300, 40.0, 48, 1)]    // Ames-wide and ten times longer: the defaults alone would take minutes
    [InlineData(20_000, 300, 40.0, 4_800, 5)] // the same data with a budget a hundred times larger
    public void Folds_Follow_What_The_Defaults_Would_Cost_In_The_Budget(long rows, int slots, double defaultsCost, int seconds, int expected) =>
        Assert.Equal(expected, ExperimentData.ChooseFolds(rows, slots, defaultsCost, TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(1.0, 5)]  // the whole sweep may go to one trial: five fits of 3.8 s fit in 45 s
    [InlineData(0.4, 1)]  // a trial may take 40 % of it, 18 s: five fits would stop at the cap, so a hold-out split
    public void Folds_Are_Only_Chosen_When_The_Slowest_Default_Fits_In_One_Trials_Share(double trialCapFraction, int expected) =>
        // Ames (2,344 × 308 cells) with one trainer alone, whose defaults take 3.8 s there, in a 45 s sweep.
        Assert.Equal(expected, ExperimentData.ChooseFolds(2_344, 308, 3.8, TimeSpan.FromSeconds(45), slowestDefaultsCost: 3.8, trialCapFraction));

    [Fact]
    public void Prepare_Switches_To_A_Hold_Out_Split_When_Cross_Validation_Would_Not_Fit_And_Keeps_Folds_When_It_Would()
    {
        var ml = new MLContext(1);
        var path = _dir.Write("d.csv", SyntheticData.Csv(3_000));
        var schema = new SchemaInferrer().Infer(path, SyntheticData.Label, new CsvFormat(), SchemaOverrides.None);
        var options = new ExperimentOptions { DataPath = path, Label = SyntheticData.Label };

        var tight = ExperimentData.Prepare(ml, path, schema, options, defaultsCost: 40, sweep: TimeSpan.FromSeconds(1));
        var roomy = ExperimentData.Prepare(ml, path, schema, options, defaultsCost: 40, sweep: TimeSpan.FromHours(1));
        var forced = ExperimentData.Prepare(ml, path, schema, options, folds: 5, defaultsCost: 40, sweep: TimeSpan.FromSeconds(1));

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
