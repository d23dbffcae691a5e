using MlPipeline.Data;
using MlPipeline.Preprocessing;

namespace MlPipeline.Experiment;

/// <summary>Everything an experiment run is configured with; <see cref="RegressionExperiment"/> builds it fluently.</summary>
public sealed record ExperimentOptions
{
    /// <summary>The CSV file to learn from.</summary>
    public string? DataPath { get; init; }

    /// <summary>A CSV file of held-out test rows (same columns); null to hold out <see cref="TestFraction"/> of the data instead.</summary>
    public string? TestDataPath { get; init; }

    /// <summary>The label column's name.</summary>
    public string? Label { get; init; }

    /// <summary>Wall-clock budget for the whole run, refit included. Default 60 s.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seed for splits and trainers.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Seed of the sampler alone; null uses <see cref="Seed"/>. Workers of one study keep the same <see cref="Seed"/> (the
    /// study's fingerprint holds it, since it fixes the split) and each takes its own sampler seed, so they propose
    /// different configurations.
    /// </summary>
    public int? SamplerSeed { get; init; }

    /// <summary>Comma-separated trainer names; null means every registered trainer.</summary>
    public string? Trainers { get; init; }

    /// <summary>Fraction of labelled rows held out for the final test.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>
    /// Folds of cross-validation to compare models on; null chooses: 5 folds when every trainer's defaults fitted
    /// five times are estimated to fit in the sweep's time, a hold-out split of <see cref="ValidationFraction"/>
    /// otherwise (a resumed study keeps its first run's choice); 1 forces the hold-out.
    /// </summary>
    public int? CrossValidationFolds { get; init; }

    /// <summary>Fraction of the remaining rows used to compare models when validating on a hold-out split.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>How to read the CSV file.</summary>
    public CsvFormat Format { get; init; } = new();

    /// <summary>Column roles forced by the user.</summary>
    public SchemaOverrides Overrides { get; init; } = SchemaOverrides.None;

    /// <summary>Name of the study the trials are recorded in; null for a fresh in-memory study.</summary>
    public string? StudyName { get; init; }

    /// <summary>Storage URL of the study (<c>sqlite:PATH</c>, <c>postgresql://…</c>); null for in memory.</summary>
    public string? StorageUrl { get; init; }

    /// <summary>Trials run at once in this process (each fits single-threaded). Default 1, which is reproducible.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Stop after this many trials in this run even if time is left; null for no limit.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Preprocessing choices.</summary>
    public PreprocessingOptions Preprocessing { get; init; } = new();

    /// <summary>
    /// Nominal coverage of the prediction interval calibrated for the final model from the sweep's out-of-fold residuals
    /// (conformal prediction), in (0, 1); null for no interval. Default 0.9.
    /// </summary>
    public double? IntervalLevel { get; init; } = 0.9;
}
