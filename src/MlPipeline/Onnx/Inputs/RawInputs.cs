using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Onnx.Graph;

namespace MlPipeline.Onnx.Inputs;

/// <summary>
/// The raw-record contract of the graph's inputs: every input but a date part takes a CSV cell as it is, a number as
/// float32 (NaN when missing) and any other cell as a string [N,1]. A boolean string becomes the float 1/0/NaN the pipeline was
/// fitted on inside the graph, with the loader's own words (<see cref="CellParser.TrueTokens"/>) matched
/// case-insensitively: one <c>LabelEncoder</c> whose keys are every ASCII casing of each word, default NaN, so an
/// unknown word or an empty cell is a missing boolean, as the pipeline treats one. Opset 17 has no string trimming
/// (nor slicing, so dates keep their part inputs): the reader trims cells, so every string key of the graph (these
/// words, the categories) is also matched with up to <see cref="MaxPadding"/> spaces on either side.
/// </summary>
internal static class RawInputs
{
    /// <summary>Spaces on either side of a string cell that the graph ignores, as the reader does (Ames has "WD ").</summary>
    public const int MaxPadding = 3;

    /// <summary>The property of the <c>mlpipeline.schema</c> metadata that lists the inputs.</summary>
    public const string SchemaProperty = "onnxInputs";

    /// <summary>The graph inputs of <paramref name="schema"/>'s feature columns, in file order.</summary>
    public static IReadOnlyList<OnnxInput> Of(DataSchema schema) =>
    [
        .. schema.Features.SelectMany(column => column.Role switch
        {
            ColumnRole.DateTime => column.DateParts.Zip(column.LoadedColumnNames, (part, name) => new OnnxInput(name, column.Name, OnnxInputKind.DatePart, part)),
            ColumnRole.Boolean => [new OnnxInput(column.LoadedName, column.Name, OnnxInputKind.Boolean)],
            ColumnRole.Categorical => [new OnnxInput(column.LoadedName, column.Name, OnnxInputKind.Category)],
            _ => [new OnnxInput(column.LoadedName, column.Name, OnnxInputKind.Number)],
        }),
    ];

    /// <summary>
    /// Declares <paramref name="inputs"/> on the graph and maps the booleans; returns the value holding each loaded
    /// ML.NET column and the ML.NET schema of those columns (booleans float, as the pipeline loaded them).
    /// </summary>
    public static (IReadOnlyList<(string Column, string Value)> Values, DataViewSchema Schema) Declare(
        OnnxGraphBuilder graph, IReadOnlyList<OnnxInput> inputs, CsvFormat format)
    {
        var values = new List<(string Column, string Value)>();
        var schema = new DataViewSchema.Builder();
        foreach (var input in inputs)
        {
            var value = graph.AddInput(input.Name, input.ElementType);
            if (input.Kind == OnnxInputKind.Boolean) value = Boolean(graph, value, format);
            values.Add((input.Name, value));
            schema.AddColumn(input.Name, input.Kind == OnnxInputKind.Category ? TextDataViewType.Instance : NumberDataViewType.Single);
        }
        return (values, schema.ToSchema());
    }

    /// <summary>The schema as JSON with <see cref="SchemaProperty"/> added: what each input takes, for consumers.</summary>
    public static string SchemaJson(DataSchema schema, IReadOnlyList<OnnxInput> inputs)
    {
        var json = JsonNode.Parse(schema.ToJson())!.AsObject();
        json[SchemaProperty] = new JsonArray([.. inputs.Select(Describe)]);
        return json.ToJsonString(JsonDefaults.Options);
    }

    /// <summary>
    /// A boolean as a cell the graph maps back to <paramref name="value"/>: the canonical word, or with
    /// <paramref name="spelling"/> &gt; 0 another of the loader's words in another casing; empty for NaN.
    /// </summary>
    public static string BooleanCell(float value, int spelling = 0)
    {
        if (float.IsNaN(value)) return "";
        var tokens = value != 0 ? CellParser.TrueTokens : CellParser.FalseTokens;
        var token = tokens[spelling % tokens.Length];
        return (spelling / tokens.Length % 3) switch
        {
            1 => token.ToUpperInvariant(),
            2 => string.Concat(token[..1].ToUpperInvariant(), token[1..]),
            _ => token,
        };
    }

    private static string Boolean(OnnxGraphBuilder graph, string cell, CsvFormat format)
    {
        // A word that is also a missing marker reads as missing, as in the loader.
        var words = CellParser.TrueTokens.Select(t => (Token: t, Value: 1f)).Concat(CellParser.FalseTokens.Select(t => (Token: t, Value: 0f)))
            .Where(w => !format.IsMissing(w.Token))
            .SelectMany(w => Casings(w.Token).SelectMany(Padded).Select(key => (Key: key, w.Value)))
            .ToList();
        return graph.AddNode("LabelEncoder", [cell], domain: OnnxGraphBuilder.MlDomain, attributes:
        [
            OnnxGraphBuilder.Strings("keys_strings", words.Select(w => w.Key)),
            OnnxGraphBuilder.Floats("values_floats", words.Select(w => w.Value)),
            OnnxGraphBuilder.Float("default_float", float.NaN),
        ]);
    }

    /// <summary>
    /// <paramref name="key"/> with 0 to <see cref="MaxPadding"/> spaces before and after it (the empty key alone):
    /// the forms of a trimmed cell that a graph key must match, as string trimming is not in opset 17.
    /// </summary>
    public static IEnumerable<string> Padded(string key) => key.Length == 0 ? [key]
        : from before in Enumerable.Range(0, MaxPadding + 1)
          from after in Enumerable.Range(0, MaxPadding + 1)
          select new string(' ', before) + key + new string(' ', after);

    /// <summary>Every ASCII casing of <paramref name="word"/> ("yes", "yeS", …, "YES").</summary>
    private static IEnumerable<string> Casings(string word)
    {
        IEnumerable<string> casings = [""];
        foreach (var c in word)
        {
            var forms = char.IsAsciiLetter(c) ? new[] { char.ToLowerInvariant(c), char.ToUpperInvariant(c) } : [c];
            casings = casings.SelectMany(prefix => forms.Select(f => prefix + f)).ToList();
        }
        return casings;
    }

    private static JsonObject Describe(OnnxInput input)
    {
        var entry = new JsonObject
        {
            ["name"] = input.Name,
            ["column"] = input.Column,
            ["kind"] = JsonNamingPolicy.CamelCase.ConvertName(input.Kind.ToString()),
            ["type"] = input.IsText ? "string" : "float32",
            ["shape"] = new JsonArray("N", 1),
        };
        switch (input.Kind)
        {
            case OnnxInputKind.Number:
                entry["value"] = "the number; NaN when missing";
                break;
            case OnnxInputKind.Boolean:
                entry["value"] = $"the cell as it is, matched case-insensitively with up to {MaxPadding} spaces either side: a true or false word; any other string (empty, a missing marker, an unknown word) is missing";
                entry["true"] = new JsonArray([.. CellParser.TrueTokens.Select(t => JsonValue.Create(t))]);
                entry["false"] = new JsonArray([.. CellParser.FalseTokens.Select(t => JsonValue.Create(t))]);
                break;
            case OnnxInputKind.Category:
                entry["value"] = $"the cell as it is, matched exactly with up to {MaxPadding} spaces either side; empty when missing; an unseen value encodes as none of the categories";
                break;
            case OnnxInputKind.DatePart:
                entry["part"] = input.DatePart;
                entry["value"] = input.DatePart switch
                {
                    "DayOfWeek" => "the date's day of the week, 0 = Sunday; NaN when missing",
                    "Hour" => "the hour plus minutes / 60; NaN when missing",
                    _ => $"the date's {input.DatePart!.ToLowerInvariant()} number; NaN when missing",
                };
                break;
        }
        return entry;
    }
}
