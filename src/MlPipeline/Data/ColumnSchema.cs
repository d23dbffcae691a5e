using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MlPipeline.Data;

/// <summary>One CSV column as inferred: its role, what was seen in the scanned rows, and why.</summary>
/// <param name="Name">Header name.</param>
/// <param name="Index">0-based position in the file the schema was inferred from.</param>
/// <param name="Role">How the pipeline uses the column.</param>
/// <param name="MissingCount">Missing cells among the scanned rows.</param>
/// <param name="DistinctCount">Distinct non-missing values among the scanned rows (capped at <see cref="SchemaInferrer.DistinctCap"/>).</param>
/// <param name="Reason">Why the role was chosen, in a few words.</param>
public sealed record ColumnSchema(
    string Name,
    int Index,
    ColumnRole Role,
    long MissingCount,
    long DistinctCount,
    string Reason)
{
    /// <summary>For date/time columns, the numeric parts the loader produces (column name suffixes).</summary>
    public ImmutableArray<string> DateParts { get; init; } = [];

    /// <summary>Smallest and largest value seen, for numeric and label columns.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Min { get; init; }

    /// <summary>Largest value seen, for numeric and label columns.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Max { get; init; }

    /// <summary>
    /// Present cells of a numeric column that are not numbers (or overflow float32); they are read as missing.
    /// Null when there are none.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? UnparsedCount { get; init; }

    /// <summary>The first few of the <see cref="UnparsedCount"/> cells, with their lines; null when there are none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<UnparsedCell>? UnparsedExamples { get; init; }

    /// <summary>
    /// The name the column is loaded (and exported to ONNX) under when its own name is reserved by the pipeline or
    /// taken by a generated one (for a date column: the prefix of its parts); null when it is <see cref="Name"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LoadedAs { get; init; }

    /// <summary>The ML.NET column (and ONNX input) name of a non-date column.</summary>
    internal string LoadedName => LoadedAs ?? Name;

    /// <summary>"2 (e.g. "-" line 5, "unknown" line 9)": the unparsed cells in a few words; empty when there are none.</summary>
    internal string DescribeUnparsed() => UnparsedCount is { } n
        ? $"{n}{(UnparsedExamples is { Count: > 0 } e ? $" (e.g. {string.Join(", ", e.Select(x => $"\"{x.Value}\" line {x.Line}"))})" : "")}"
        : "";

    /// <summary>Whether the column contributes model inputs.</summary>
    public bool IsFeature => Role is ColumnRole.Numeric or ColumnRole.Boolean or ColumnRole.Categorical or ColumnRole.DateTime;

    /// <summary>Value equality, date parts compared element by element.</summary>
    public bool Equals(ColumnSchema? other) =>
        other is not null && Name == other.Name && Index == other.Index && Role == other.Role
        && MissingCount == other.MissingCount && DistinctCount == other.DistinctCount && Reason == other.Reason
        && Min.Equals(other.Min) && Max.Equals(other.Max) && DateParts.SequenceEqual(other.DateParts)
        && UnparsedCount == other.UnparsedCount && LoadedAs == other.LoadedAs
        && (UnparsedExamples ?? []).SequenceEqual(other.UnparsedExamples ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Index, Role, MissingCount, DistinctCount);

    /// <summary>The names of the ML.NET columns the loader produces for this column.</summary>
    public IEnumerable<string> LoadedColumnNames =>
        Role == ColumnRole.DateTime ? DateParts.Select(p => $"{LoadedName}_{p}") : [LoadedName];
}
