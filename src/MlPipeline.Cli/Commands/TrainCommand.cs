using System.Collections.Immutable;
using System.CommandLine;
using Microsoft.ML;
using MlPipeline.Cli.Output;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Preprocessing;
using MlPipeline.Reporting;

namespace MlPipeline.Cli.Commands;

/// <summary><c>mlpipeline train</c>: learn a regression model from a CSV file and write it with its metrics.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string?>("--dataset") { Description = "CSV file to learn from (default: the embedded Ames house prices data)" };
        var label = new Option<string?>("--label-col") { Description = "Column to predict (default Sale_Price for the embedded data)" };
        var trainTime = new Option<int>("--train-time") { Description = "Wall-clock budget in seconds for the whole run", DefaultValueFactory = _ => 60 };
        var output = new Option<string?>("--output") { Description = "Output directory (default models/<dataset>-<timestamp>)" };
        var seed = new Option<int>("--seed") { Description = "Seed for splits and trainers", DefaultValueFactory = _ => 42 };
        var trainers = new Option<string?>("--trainers") { Description = "Comma-separated trainers: sdca, ogd, lbfgs-poisson, fasttree, fasttree-tweedie, fastforest, gam, lightgbm (default all)" };
        var culture = new Option<string>("--culture") { Description = "Culture for numbers and dates (default invariant)", DefaultValueFactory = _ => "" };
        var ignore = new Option<string?>("--ignore-cols") { Description = "Comma-separated columns to ignore" };
        var categorical = new Option<string?>("--categorical-cols") { Description = "Comma-separated columns to treat as categorical" };
        var numeric = new Option<string?>("--numeric-cols") { Description = "Comma-separated columns to treat as numeric" };
        var missing = new Option<string?>("--missing-values") { Description = "Comma-separated missing-value markers (default: empty, NA, N/A, NaN, null, ?)" };
        var dropOutliers = new Option<bool>("--drop-label-outliers") { Description = "Drop training rows whose label is an outlier (robust z-score > 3.5)" };
        var study = new Option<string?>("--study") { Description = "Study name: trials are recorded there and a rerun resumes it" };
        var storage = new Option<string?>("--storage") { Description = "Study storage: sqlite:PATH, postgresql://user:pass@host/db or an Npgsql connection string (default with --study: sqlite:<output>/study.db)" };
        var parallelism = new Option<int>("--parallelism") { Description = "Trials run at once (each single-threaded)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var maxTrials = new Option<int?>("--max-trials") { Description = "Stop after this many trials even if time is left" };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors" };
        var json = new Option<bool>("--json") { Description = "Print metrics.json to standard output instead of tables" };

        var command = new Command("train", "Train regressors within a time budget, keep the best by validation RMSE, evaluate it on held-out rows")
        {
            dataset, label, trainTime, output, seed, trainers, culture, ignore, categorical, numeric, missing, dropOutliers,
            study, storage, parallelism, maxTrials, quiet, json,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(dataset);
            var labelName = parse.GetValue(label);
            if (path is null)
            {
                path = DefaultDataset.Extract();
                labelName ??= DefaultDataset.Label;
            }
            else if (labelName is null)
            {
                throw new DataValidationException("--label-col is required with --dataset", path);
            }
            if (parse.GetValue(trainTime) <= 0) throw new ArgumentException("--train-time must be a positive number of seconds");
            var format = new CsvFormat(null, ValidCulture(parse.GetValue(culture)!));
            if (parse.GetValue(missing) is { } markers) format = format with { MissingMarkers = [.. Split(markers).Append("")] };
            var outputDirectory = parse.GetValue(output)
                ?? Path.Combine("models", $"{Path.GetFileNameWithoutExtension(path)}-{DateTime.Now:yyyyMMdd-HHmmss}");
            if (parse.GetValue(parallelism) < 1) throw new ArgumentException("--parallelism must be at least 1");
            var studyName = parse.GetValue(study);
            var storageUrl = parse.GetValue(storage);
            if (studyName is not null && storageUrl is null)
            {
                Directory.CreateDirectory(outputDirectory);
                storageUrl = "sqlite:" + Path.Combine(outputDirectory, "study.db");
            }
            var options = new ExperimentOptions
            {
                StudyName = studyName,
                StorageUrl = storageUrl,
                Parallelism = parse.GetValue(parallelism),
                MaxTrials = parse.GetValue(maxTrials),
                DataPath = path,
                Label = labelName,
                TimeBudget = TimeSpan.FromSeconds(parse.GetValue(trainTime)),
                Seed = parse.GetValue(seed),
                Trainers = parse.GetValue(trainers),
                Format = format,
                Overrides = new SchemaOverrides
                {
                    Ignore = Split(parse.GetValue(ignore)),
                    Categorical = Split(parse.GetValue(categorical)),
                    Numeric = Split(parse.GetValue(numeric)),
                },
                Preprocessing = new PreprocessingOptions { DropLabelOutliers = parse.GetValue(dropOutliers) },
            };
            var silent = parse.GetValue(quiet) || parse.GetValue(json);

            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            var ml = new MLContext(options.Seed);
            var experiment = new RegressionExperiment(ml).WithOptions(options);
            var result = LiveProgress.Run(progress => experiment.Run(progress, cancel.Token), silent);
            ExperimentArtifacts.Write(result, path, outputDirectory);
            if (parse.GetValue(json)) Console.Out.WriteLine(ExperimentArtifacts.MetricsJson(result, path));
            else if (!silent)
            {
                ConsoleOutput.Schema(result.Schema);
                ConsoleOutput.Result(result, outputDirectory);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ImmutableArray<string> Split(string? list) =>
        list is null ? [] : [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static string ValidCulture(string name)
    {
        try
        {
            return System.Globalization.CultureInfo.GetCultureInfo(name).Name;
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            throw new ArgumentException($"unknown culture '{name}' for --culture");
        }
    }
}
