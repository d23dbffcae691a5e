using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlPipeline.Data;

/// <summary>
/// The inferred schema of a CSV file: how to read it, what each column is for, and what the scan saw.
/// Saved as <c>schema.json</c> beside (and inside) every model so scoring reads new files the same way.
/// </summary>
/// <param name="Label">The label column's name.</param>
/// <param name="Format">Delimiter, culture and missing markers.</param>
/// <param name="Columns">Every column of the file, in file order.</param>
public sealed record DataSchema(string Label, CsvFormat Format, ImmutableArray<ColumnSchema> Columns)
{
    private static readonly JsonSerializerOptions s_json = JsonDefaults.Options;

    /// <summary>Data rows read during inference.</summary>
    public long RowsScanned { get; init; }

    /// <summary>Whether inference read the whole file (false when it stopped at the sampling cap).</summary>
    public bool ScanComplete { get; init; }

    /// <summary>Scanned rows whose label was missing; they are dropped from training and reported.</summary>
    public long RowsWithMissingLabel { get; init; }

    /// <summary>The label column's schema.</summary>
    [JsonIgnore]
    public ColumnSchema LabelColumn => Columns.Single(c => c.Role == ColumnRole.Label);

    /// <summary>Columns that feed the model, in file order.</summary>
    [JsonIgnore]
    public IEnumerable<ColumnSchema> Features => Columns.Where(c => c.IsFeature);

    /// <summary>Serialises the schema as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Reads a schema written by <see cref="ToJson"/>.</summary>
    /// <exception cref="DataValidationException">The text is not a schema.</exception>
    public static DataSchema FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<DataSchema>(json, s_json)
                ?? throw new DataValidationException("schema is empty", source);
        }
        catch (JsonException e)
        {
            throw new DataValidationException($"not a valid schema: {e.Message}", source);
        }
    }
}
