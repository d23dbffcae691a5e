using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;

namespace MlPipeline.Cli.Commands;

/// <summary>The options <c>train</c> and <c>worker</c> share: data, label, budget, trainers, schema overrides and study.</summary>
internal sealed class ExperimentOptionSet
{
    public Option<string?> Dataset { get; } = new("--dataset") { Description = "CSV file to learn from (default: the embedded Ames house prices data)" };
    public Option<string?> TestDataset { get; } = new("--test-dataset") { Description = "CSV file of held-out test rows (default: hold out 20 % of --dataset)" };
    public Option<string?> Label { get; } = new("--label-col") { Description = "Column to predict (default Sale_Price for the embedded data)" };
    public Option<int> TrainTime { get; } = new("--train-time") { Description = "Wall-clock budget in seconds for the whole run", DefaultValueFactory = _ => 60 };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for splits, sampler and trainers", DefaultValueFactory = _ => 42 };
    public Option<int?> SamplerSeed { get; } = new("--sampler-seed") { Description = "Seed of the sampler alone (default --seed): give each worker of a study its own, keeping --seed the same" };
    public Option<string?> Trainers { get; } = new("--trainers") { Description = $"Comma-separated trainers: {string.Join(", ", TrainerRegistry.Default.Names)} (default all)" };
    public Option<string> Culture { get; } = new("--culture") { Description = "Culture for numbers and dates (default invariant)", DefaultValueFactory = _ => "" };
    public Option<string?> Ignore { get; } = new("--ignore-cols") { Description = "Comma-separated columns to ignore" };
    public Option<string?> Categorical { get; } = new("--categorical-cols") { Description = "Comma-separated columns to treat as categorical" };
    public Option<string?> Numeric { get; } = new("--numeric-cols") { Description = "Comma-separated columns to treat as numeric" };
    public Option<string?> Missing { get; } = new("--missing-values") { Description = "Comma-separated missing-value markers (default: empty, NA, N/A, NaN, null, ?)" };
    public Option<bool> DropOutliers { get; } = new("--drop-label-outliers") { Description = "Drop training rows whose label is an outlier (robust z-score > 3.5)" };
    public Option<string?> Study { get; } = new("--study") { Description = "Study name: trials are recorded there and a rerun resumes it" };
    public Option<string?> Storage { get; } = new("--storage") { Description = "Study storage: sqlite:PATH, postgresql://user:pass@host/db or an Npgsql connection string" };
    public Option<int> Parallelism { get; } = new("--parallelism") { Description = "Trials run at once; a trial that starts while others leave cores idle gets them as threads (the tree and linear trainers use them; a network keeps one)", DefaultValueFactory = _ => Environment.ProcessorCount };
    public Option<int?> MaxTrials { get; } = new("--max-trials") { Description = "Stop after this many trials even if time is left" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Dataset, TestDataset, Label, TrainTime, Seed, SamplerSeed, Trainers, Culture, Ignore, Categorical, Numeric, Missing, DropOutliers, Study, Storage, Parallelism, MaxTrials })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reads the options; without --dataset the embedded Ames data and its label are used.</summary>
    public ExperimentOptions Read(ParseResult parse, string? defaultStorage)
    {
        var path = parse.GetValue(Dataset);
        var label = parse.GetValue(Label);
        if (path is null)
        {
            path = DefaultDataset.Extract();
            label ??= DefaultDataset.Label;
        }
        else if (label is null)
        {
            throw new DataValidationException("--label-col is required with --dataset", path);
        }
        if (parse.GetValue(TrainTime) <= 0) throw new ArgumentException("--train-time must be a positive number of seconds");
        if (parse.GetValue(Parallelism) < 1) throw new ArgumentException("--parallelism must be at least 1");
        var format = new CsvFormat(null, ValidCulture(parse.GetValue(Culture)!));
        if (parse.GetValue(Missing) is { } markers) format = format with { MissingMarkers = [.. Split(markers).Append("")] };
        var study = parse.GetValue(Study);
        return new ExperimentOptions
        {
            DataPath = path,
            TestDataPath = parse.GetValue(TestDataset),
            Label = label,
            TimeBudget = TimeSpan.FromSeconds(parse.GetValue(TrainTime)),
            Seed = parse.GetValue(Seed),
            SamplerSeed = parse.GetValue(SamplerSeed),
            Trainers = parse.GetValue(Trainers),
            Format = format,
            Overrides = new SchemaOverrides
            {
                Ignore = Split(parse.GetValue(Ignore)),
                Categorical = Split(parse.GetValue(Categorical)),
                Numeric = Split(parse.GetValue(Numeric)),
            },
            Preprocessing = new PreprocessingOptions { DropLabelOutliers = parse.GetValue(DropOutliers) },
            StudyName = study,
            StorageUrl = parse.GetValue(Storage) ?? (study is null ? null : defaultStorage),
            Parallelism = parse.GetValue(Parallelism),
            MaxTrials = parse.GetValue(MaxTrials),
        };
    }

    private static ImmutableArray<string> Split(string? list) =>
        list is null ? [] : [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static string ValidCulture(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name).Name;
        }
        catch (CultureNotFoundException)
        {
            throw new ArgumentException($"unknown culture '{name}' for --culture");
        }
    }
}
