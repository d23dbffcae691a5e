using System.Globalization;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Pruners;

// args: storageUrl studyName nTrials mode(quick|hang|slow) seed
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: TuningWorker STORAGE STUDY NTRIALS quick|slow|hang SEED");
    return 2;
}

var mode = args[3];
var options = new StudyWorkerOptions(
    args[0], args[1], NTrials: int.Parse(args[2], CultureInfo.InvariantCulture), Seed: int.Parse(args[4], CultureInfo.InvariantCulture),
    HeartbeatInterval: TimeSpan.FromMilliseconds(300));

await StudyWorker.RunAsync(options, (trial, token) =>
{
    var x = trial.SuggestFloat("x", -5, 5);
    var k = trial.SuggestInt("k", 0, 20);
    if (mode == "hang")
    {
        Console.WriteLine($"running {trial.Number}");
        Thread.Sleep(Timeout.Infinite);
    }

    if (mode == "slow") Thread.Sleep(100);
    return x * x + k;
}, new NopPruner());
return 0;
