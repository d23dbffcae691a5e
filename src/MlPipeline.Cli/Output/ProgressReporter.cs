using System.Globalization;
using MlPipeline.Experiment;

namespace MlPipeline.Cli.Output;

/// <summary>Prints one plain line per progress event (suited to logs and redirected output); silent when quiet.</summary>
internal sealed class ProgressReporter(bool quiet) : IProgress<ExperimentProgress>
{
    public void Report(ExperimentProgress value)
    {
        if (quiet || value.Message.Length == 0) return;
        var left = Math.Max(0, (value.Budget - value.Elapsed).TotalSeconds);
        var best = value.BestValidationRmse is { } b ? $" best RMSE {b.ToString("G5", CultureInfo.InvariantCulture)}" : "";
        Console.Error.WriteLine(
            $"[{value.Elapsed.TotalSeconds,5:F1}s, {left:F0}s left] [{value.TrialsDone} done, {value.TrialsPruned} pruned, {value.TrialsFailed} failed]{best} {value.Message}");
    }
}
