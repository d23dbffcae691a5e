using MlPipeline.Data;
using MlPipeline.Preprocessing;

namespace MlPipeline.Experiment;

/// <summary>Everything an experiment run is configured with; <see cref="RegressionExperiment"/> builds it fluently.</summary>
public sealed record ExperimentOptions
{
    /// <summary>The CSV file to learn from.</summary>
    public string? DataPath { get; init; }

    /// <summary>The label column's name.</summary>
    public string? Label { get; init; }

    /// <summary>Wall-clock budget for the whole run, refit included. Default 60 s.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seed for splits and trainers.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Comma-separated trainer names; null means every registered trainer.</summary>
    public string? Trainers { get; init; }

    /// <summary>Fraction of labelled rows held out for the final test.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Fraction of the remaining rows used to compare models.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>How to read the CSV file.</summary>
    public CsvFormat Format { get; init; } = new();

    /// <summary>Column roles forced by the user.</summary>
    public SchemaOverrides Overrides { get; init; } = SchemaOverrides.None;

    /// <summary>Preprocessing choices.</summary>
    public PreprocessingOptions Preprocessing { get; init; } = new();
}
