using System.CommandLine;
using Microsoft.ML;
using MlPipeline.Cli.Output;
using MlPipeline.Experiment;
using MlPipeline.Tuning.Storage;

namespace MlPipeline.Cli.Commands;

/// <summary><c>mlpipeline worker</c>: join a shared study and run trials until the budget is spent.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var shared = new ExperimentOptionSet();
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors" };
        var command = new Command("worker", "Run trials of a shared study (same data and label as the train command that owns it); needs --study and --storage");
        shared.AddTo(command);
        command.Options.Add(quiet);
        command.SetAction(parse =>
        {
            var options = shared.Read(parse, defaultStorage: null);
            using var cancel = Interruption.Watch();
            var done = new RegressionExperiment(new MLContext(options.Seed)).WithOptions(options)
                .RunWorker(new ProgressReporter(parse.GetValue(quiet)), cancel.Token);
            var reconnects = SqlStudyStorage.ProcessReconnects;
            if (!parse.GetValue(quiet))
            {
                Console.Error.WriteLine($"worker finished {done} trials in study {options.StudyName}"
                    + (reconnects > 0 ? $" (the storage connection was lost and restored {reconnects} times)" : ""));
            }
            if (cancel.IsCancellationRequested)
            {
                ConsoleOutput.Error($"cancelled (Ctrl+C) after {done} trials; they are recorded in study {options.StudyName}");
                return ExitCodes.Failure;
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
