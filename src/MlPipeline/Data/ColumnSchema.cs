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

    /// <summary>Whether the column contributes model inputs.</summary>
    public bool IsFeature => Role is ColumnRole.Numeric or ColumnRole.Boolean or ColumnRole.Categorical or ColumnRole.DateTime;

    /// <summary>Value equality, date parts compared element by element.</summary>
    public bool Equals(ColumnSchema? other) =>
        other is not null && Name == other.Name && Index == other.Index && Role == other.Role
        && MissingCount == other.MissingCount && DistinctCount == other.DistinctCount && Reason == other.Reason
        && Min.Equals(other.Min) && Max.Equals(other.Max) && DateParts.SequenceEqual(other.DateParts);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Index, Role, MissingCount, DistinctCount);

    /// <summary>The names of the ML.NET columns the loader produces for this column.</summary>
    public IEnumerable<string> LoadedColumnNames =>
        Role == ColumnRole.DateTime ? DateParts.Select(p => $"{Name}_{p}") : [Name];
}
