using MlPipeline.Data;
using MlPipeline.Experiment;

namespace MlPipeline.Cli;

/// <summary>
/// The library's messages name the option property a library user sets (<c>SchemaOverrides.Ignore</c>); a CLI user
/// set a flag instead, so what the CLI prints names the flag.
/// </summary>
internal static class OptionFlags
{
    private static readonly (string Property, string Flag)[] s_flags =
    [
        (Name(nameof(SchemaOverrides), nameof(SchemaOverrides.Ignore)), "--ignore-cols"),
        (Name(nameof(SchemaOverrides), nameof(SchemaOverrides.Categorical)), "--categorical-cols"),
        (Name(nameof(SchemaOverrides), nameof(SchemaOverrides.Numeric)), "--numeric-cols"),
        (Name(nameof(ExperimentOptions), nameof(ExperimentOptions.StudyName)), "--study"),
        (Name(nameof(ExperimentOptions), nameof(ExperimentOptions.StorageUrl)), "--storage"),
        (Name(nameof(ExperimentOptions), nameof(ExperimentOptions.Trainers)), "--trainers"),
        (Name(nameof(ExperimentOptions), nameof(ExperimentOptions.TimeBudget)), "--train-time"),
        (Name(nameof(ExperimentOptions), nameof(ExperimentOptions.Label)), "--label-col"),
        (Name(nameof(ExperimentOptions), nameof(ExperimentOptions.DataPath)), "--dataset"),
        (Name(nameof(ExperimentOptions), nameof(ExperimentOptions.TestDataPath)), "--test-dataset"),
    ];

    /// <summary><paramref name="text"/> with every option property it names replaced by the CLI flag.</summary>
    public static string Translate(string text) =>
        s_flags.Aggregate(text, (current, map) => current.Replace(map.Property, map.Flag, StringComparison.Ordinal));

    /// <summary>The schema with each column's reason in CLI terms (the console, <c>schema.json</c> and the report show it).</summary>
    public static DataSchema Translate(DataSchema schema) =>
        schema with { Columns = [.. schema.Columns.Select(c => c with { Reason = Translate(c.Reason) })] };

    private static string Name(string type, string property) => $"{type}.{property}";
}
