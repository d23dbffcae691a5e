using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;

namespace MlPipeline.Data;

/// <summary>How a CSV file is read: delimiter, culture for numbers and dates, and the tokens meaning "missing".</summary>
/// <param name="Delimiter">Field separator; <c>null</c> means detect among <c>,</c> <c>;</c> tab and <c>|</c>.</param>
/// <param name="CultureName">Culture for parsing numbers and dates; empty is the invariant culture.</param>
public sealed record CsvFormat([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Delimiter = null, string CultureName = "")
{
    /// <summary>The default missing-value markers (compared case-insensitively after trimming).</summary>
    public static readonly ImmutableArray<string> DefaultMissingMarkers = ["", "NA", "N/A", "NaN", "null", "?"];

    /// <summary>Tokens that mean "missing"; compared case-insensitively after trimming.</summary>
    public ImmutableArray<string> MissingMarkers { get; init; } = DefaultMissingMarkers;

    /// <summary>The culture to parse with.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public CultureInfo Culture => CultureInfo.GetCultureInfo(CultureName);

    /// <summary>Whether a raw cell is a missing marker.</summary>
    public bool IsMissing(string cell)
    {
        var trimmed = cell.AsSpan().Trim();
        foreach (var marker in MissingMarkers)
        {
            if (trimmed.Equals(marker, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
