using System.Text.Json;
using MlPipeline.Testing;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Storage;

namespace MlPipeline.Cli.Tests.EndToEnd;

/// <summary>The per-trial cap and the run's deadline stop a real network fit (mlp, TorchSharp) through the CLI.</summary>
// Alone (no other test collection running beside it): it times a real network against its budget.
[Collection(MlPipeline.Cli.Tests.Faults.FaultsCollection.Name)]
public sealed class NetworkBudgetTests : IDisposable
{
    private const int MaxEpochs = 200;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The CSV with 40 numeric noise columns appended.</summary>
    private static string Wide(string csv)
    {
        var random = new Random(5);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var noise = string.Join(",", Enumerable.Range(1, 40).Select(i => $"n{i}"));
        return string.Join("\n", lines.Select((line, i) => line + "," + (i == 0 ? noise
            : string.Join(",", Enumerable.Range(0, 40).Select(_ => random.NextDouble().ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))))) + "\n";
    }

    [Fact]
    public void The_Trial_Cap_Bounds_The_Sweeps_Network_And_The_Deadline_Stops_Its_Refit()
    {
        // Given: one mlp trial (its defaults: 200 epochs, early stopping after 20 without improvement) on 20,000 rows with
        // 40 extra noise columns, so wide that one epoch takes a good fraction of a second; a 20 s budget gives the trial a
        // cap of 40 % of the sweep, shared by its five folds (each stops at its best epoch when its share is spent), and
        // leaves the refit on train + validation more time than the trial took but little
        var data = _dir.Write("d.csv", Wide(SyntheticData.Csv(20_000)));
        var storage = "sqlite:" + _dir.File("study.db");
        var output = _dir.File("m");

        // When
        var (code, error) = CliRunner.Run("train", "--dataset", data, "--label-col", "y", "--trainers", "mlp", "--study", "net",
            "--storage", storage, "--max-trials", "1", "--parallelism", "1", "--train-time", "20", "--output", output, "--quiet");

        // Then: the sweep's trial completed within its cap (its folds' epochs cut to their share of it, each fold stopped
        // early or at its share, keeping its best epoch), with far fewer than all its epochs
        Assert.True(code == 0, error);
        var trial = MlPipeline.Tuning.Study.CreateOrLoad("net", StudyStorageFactory.Open(storage)).Trials.Single();
        Assert.Equal(TrialState.Complete, trial.State);
        var epochs = trial.IntermediateValues.Keys.Max() + 1;
        Assert.True(epochs < MaxEpochs, $"{epochs} epochs: the trial ran all of them");
        // The cap is 40 % of a sweep of at most 16 s; the grace a stopped fit gets to return is 3 s.
        Assert.True(trial.Duration < TimeSpan.FromSeconds(0.4 * 16 + 3 + 2), $"the trial took {trial.Duration}: its cap did not bound it");
        // And the refit ran (its trial's time fitted in what was left) and ended by the deadline: stopped there keeping its
        // best epoch, or early, its epochs cut to the time it had
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        Assert.True(metrics.RootElement.GetProperty("refitOnTrainAndValidation").GetBoolean(), "the winner was refit");
        Assert.Contains(metrics.RootElement.GetProperty("neural").GetProperty("stopReason").GetString(), new[] { "Cancelled", "EarlyStopping" });
        Assert.True(metrics.RootElement.GetProperty("elapsedSeconds").GetDouble() < 20 + 2, "the refit ran past the deadline");
        Assert.True(metrics.RootElement.GetProperty("neural").GetProperty("epochs").GetInt32() < MaxEpochs);
    }
}
