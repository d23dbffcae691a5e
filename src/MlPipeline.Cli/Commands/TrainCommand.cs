using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using MlPipeline.Cli.Output;
using MlPipeline.Experiment;
using MlPipeline.Reporting;

namespace MlPipeline.Cli.Commands;

/// <summary><c>mlpipeline train</c>: sweep regressors within a budget, keep the best, write it with its metrics.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var shared = new ExperimentOptionSet();
        var output = new Option<string?>("--output") { Description = "Output directory (default models/<dataset>-<timestamp>)" };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors" };
        var json = new Option<bool>("--json") { Description = "Print metrics.json to standard output instead of tables" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing non-empty --output folder whole (a study.db in it is kept)" };
        var requireOnnx = new Option<bool>("--require-onnx") { Description = "Exit 1 when model.onnx cannot be written (every other output is still written)" };
        var interval = new Option<string>("--interval")
        {
            Description = "Nominal coverage of the prediction interval (Lower, Upper) calibrated by conformal prediction, in (0,1), or none",
            DefaultValueFactory = _ => "0.9",
        };
        var command = new Command("train", "Sweep regressors within a time budget, keep the best by validation RMSE, evaluate it on held-out rows");
        shared.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(quiet);
        command.Options.Add(json);
        command.Options.Add(overwrite);
        command.Options.Add(requireOnnx);
        command.Options.Add(interval);
        command.SetAction(parse =>
        {
            var dataset = parse.GetValue(shared.Dataset);
            var outputDirectory = parse.GetValue(output)
                ?? Path.Combine("models", $"{(dataset is null ? "ames" : Path.GetFileNameWithoutExtension(dataset))}-{DateTime.Now:yyyyMMdd-HHmmss}");
            // Refused before any training: a non-empty folder (a study database in it aside) needs --overwrite.
            OutputStaging.EnsureWritable(outputDirectory, parse.GetValue(overwrite));
            // The default study storage lives outside the timestamped output folder, so the same command resumes the study.
            var studyName = parse.GetValue(shared.Study);
            var options = shared.Read(parse, studyName is null ? null : "sqlite:" + DefaultStudyPath(studyName)) with { IntervalLevel = IntervalLevel(parse.GetValue(interval)!) };
            var silent = parse.GetValue(quiet) || parse.GetValue(json);

            using var cancel = Interruption.Watch();
            var experiment = new RegressionExperiment(new MLContext(options.Seed)).WithOptions(options);
            var run = LiveProgress.Run(progress => experiment.Run(progress, cancel.Token), silent);
            var result = run with { Schema = OptionFlags.Translate(run.Schema) };
            var onnx = result.WriteOutputs(outputDirectory, options.DataPath!, parse.GetValue(overwrite));
            if (parse.GetValue(json))
            {
                // The file as written (UTF-8, as standard output): serialising the result again could differ from it.
                Console.Out.Write(File.ReadAllText(Path.Combine(outputDirectory, ExperimentArtifacts.MetricsFile)));
                Console.Out.Flush();
            }
            else if (!silent)
            {
                ConsoleOutput.Schema(result.Schema);
                ConsoleOutput.Result(result, outputDirectory);
            }
            if (cancel.IsCancellationRequested)
            {
                // Interrupted: the best model so far is written (that is what the sweep kept), but the run did not end as asked.
                ConsoleOutput.Error($"cancelled (Ctrl+C): the sweep stopped early; the best model so far is in {outputDirectory}");
                return ExitCodes.Failure;
            }
            if (onnx.Written) return ExitCodes.Ok;
            var why = $"ONNX export: {onnx.Reason}; model.onnx not written, every other output is in {outputDirectory}";
            if (parse.GetValue(requireOnnx))
            {
                ConsoleOutput.Error(why);
                return ExitCodes.Failure;
            }
            ConsoleOutput.Warning(why);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The level of <c>--interval</c>: a number in (0,1), or null for <c>none</c>.</summary>
    /// <exception cref="ArgumentException">Neither.</exception>
    internal static double? IntervalLevel(string value)
    {
        if (value.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var level) && level is > 0 and < 1) return level;
        throw new ArgumentException($"--interval must be a coverage in (0,1) such as 0.9, or none; got '{value}'");
    }

    /// <summary>Where <c>--study NAME</c> keeps its trials without <c>--storage</c>: <c>models/studies/NAME.db</c>.</summary>
    internal static string DefaultStudyPath(string studyName) => Path.Combine("models", "studies", studyName + ".db");
}
