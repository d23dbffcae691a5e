using MlPipeline.Testing;
using Xunit.Abstractions;
using static MlPipeline.Cli.Tests.Faults.SqliteStudyFile;

namespace MlPipeline.Cli.Tests.Faults;

/// <summary>kill -9 of <c>train</c> on a SQLite study at seeded random moments: the file stays sound and nothing completed is lost.</summary>
[Collection(FaultsCollection.Name)]
public sealed class SqliteKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 10;
    private const int MaxTrials = 10;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Train_Killed_At_Ten_Random_Moments_Keeps_Every_Completed_Trial_And_The_Same_Command_Resumes()
    {
        // Given: one train command on a stored study, run again after each SIGKILL (with --overwrite, since a run that
        // got as far as its outputs left the folder behind)
        var data = _dir.Write("d.csv", SyntheticData.Csv(200));
        var db = _dir.File("study.db");
        string[] command =
        [
            "train", "--dataset", data, "--label-col", "y", "--trainers", "sdca,ols,ridge,ogd", "--study", "kills",
            "--storage", "sqlite:" + db, "--max-trials", MaxTrials.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--parallelism", "1", "--train-time", "120", "--output", _dir.File("model"), "--overwrite", "--quiet",
        ];
        var random = new Random(17);
        var kept = new Dictionary<int, Row>();
        int kills = 0, runsFinished = 0, completedSeenJustBeforeAKill = 0;

        // When: killed at 10 moments drawn from the first seconds of a run (start-up, schema, defaults, trials, outputs)
        for (var run = 0; kills < Kills; run++)
        {
            Assert.True(run < Kills * 3, $"only {kills} of {run} runs could be killed before they finished");
            var delay = TimeSpan.FromMilliseconds(random.Next(200, 3500));
            using var cli = CliProcess.Start(_dir.Path, command);
            if (cli.WaitForExitOrTimeout(delay))
            {
                // The run ended before its kill moment: it must have ended well, and it resumed the study like any rerun.
                Assert.True(cli.ExitCodeOrNull == 0, $"run {run} exit {cli.ExitCodeOrNull}: {cli.Error}");
                runsFinished++;
                kept = CompleteByNumber(Trials(db), kept);
                continue;
            }
            var seen = Trials(db).Where(t => t.State == Complete).ToList();
            cli.Kill();
            kills++;

            // Then, after each kill: a sound file (if the run got as far as creating it) that still holds every trial
            // complete before the kill, unchanged
            if (File.Exists(db)) Assert.Equal("ok", IntegrityCheck(db));
            completedSeenJustBeforeAKill += seen.Count(t => !kept.ContainsKey(t.Number));
            foreach (var t in seen) kept.TryAdd(t.Number, t);
            kept = CompleteByNumber(Trials(db), kept);
            output.WriteLine($"kill {kills} after {delay.TotalSeconds:F1} s: {kept.Count} complete trials kept");
        }

        // When: the same command once more, left to finish
        var before = Trials(db);
        using var last = CliProcess.Start(_dir.Path, command);
        var code = last.WaitForExit();

        // Then: it resumed (every trial kept), ran the trials asked for, and every trial number is unique
        Assert.True(code == 0, $"the resumed run exited {code}: {last.Error}");
        Assert.Equal("ok", IntegrityCheck(db));
        var after = Trials(db);
        CompleteByNumber(after, kept);
        var unfinishedBefore = before.Where(t => t.State is Waiting).Select(t => t.Number).ToHashSet();
        var ranNow = after.Where(t => t.State is not (Running or Waiting)
            && (unfinishedBefore.Contains(t.Number) || before.All(b => b.Number != t.Number))).ToList();
        Assert.Equal(MaxTrials, ranNow.Count);
        Assert.Equal(after.Count, after.Select(t => t.Number).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, after.Count), after.Select(t => t.Number).Order());
        Assert.True(File.Exists(Path.Combine(_dir.File("model"), "model.zip")), "model.zip of the resumed run");
        output.WriteLine($"figures: kills survived {kills}, runs that finished before their kill moment {runsFinished}, "
            + $"complete trials kept through the kills {kept.Count} ({completedSeenJustBeforeAKill} of them read while the run was live, just before its kill), "
            + $"trials after the resumed run {after.Count} ({after.Count(t => t.State == Complete)} complete), resumed run added {ranNow.Count}");
    }

    /// <summary>The complete trials of <paramref name="now"/> by number, after checking each one in <paramref name="kept"/> is there unchanged.</summary>
    private static Dictionary<int, Row> CompleteByNumber(IReadOnlyList<Row> now, Dictionary<int, Row> kept)
    {
        var byNumber = now.ToDictionary(t => t.Number);
        foreach (var (number, was) in kept)
        {
            Assert.True(byNumber.TryGetValue(number, out var current), $"complete trial {number} was lost");
            Assert.Equal(was, current);
        }
        return now.Where(t => t.State == Complete).ToDictionary(t => t.Number);
    }
}
