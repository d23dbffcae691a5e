using MlPipeline.Experiment;
using Spectre.Console;

namespace MlPipeline.Cli.Output;

/// <summary>
/// Runs an experiment under a Spectre.Console progress bar (time used of the budget, trials done, best validation RMSE, current trainer) when standard error is a terminal; otherwise prints one plain line per event.
/// </summary>
internal static class LiveProgress
{
    public static ExperimentResult Run(Func<IProgress<ExperimentProgress>, ExperimentResult> run, bool quiet)
    {
        if (quiet || Console.IsErrorRedirected) return run(new ProgressReporter(quiet));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        ExperimentResult? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                result = run(new Progress(task));
            });
        return result!;
    }

    private sealed class Progress(ProgressTask task) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            task.MaxValue = Math.Max(1, value.Budget.TotalSeconds);
            task.Value = Math.Min(task.MaxValue, value.Elapsed.TotalSeconds);
            var left = Math.Max(0, (value.Budget - value.Elapsed).TotalSeconds);
            var best = value.BestValidationRmse is { } b ? $" | best RMSE {b:G5}" : "";
            task.Description = Markup.Escape(
                $"{value.Stage}: {value.TrialsDone} done, {value.TrialsPruned} pruned, {value.TrialsFailed} failed{best} | {value.Trainer ?? "-"} | {left:F0}s left");
        }
    }
}
