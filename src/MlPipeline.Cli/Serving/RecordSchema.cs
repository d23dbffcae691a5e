using System.Text.Json.Nodes;
using MlPipeline.Runtime;

namespace MlPipeline.Cli.Serving;

/// <summary>
/// <c>GET /schema</c>: a JSON Schema (draft 2020-12) of one record of <c>POST /predict</c>, from the model's fields,
/// and an example record built from the training ranges.
/// </summary>
internal static class RecordSchema
{
    public static JsonObject Describe(OnnxModel model)
    {
        var properties = new JsonObject();
        var example = new JsonObject();
        foreach (var field in model.Schema.Fields)
        {
            var (types, description) = field.Kind switch
            {
                FieldKind.Number => (new JsonArray("number", "string", "null"),
                    $"a number{Range(field)}; a string is read as a CSV cell; null or a missing marker is missing"),
                FieldKind.Boolean => (new JsonArray("boolean", "string", "number", "null"), "true/false, yes/no, y/n, t/f or 1/0; null is missing"),
                FieldKind.Category => (new JsonArray("string", "null"), "a category; values unseen in training are allowed; null is missing"),
                _ => (new JsonArray("string", "null"), $"a date ({string.Join(", ", field.DateParts)} are used); null is missing"),
            };
            properties[field.Name] = new JsonObject { ["type"] = types, ["description"] = description };
            example[field.Name] = field.Kind switch
            {
                FieldKind.Number => Math.Round(((field.Min ?? 0) + (field.Max ?? 0)) / 2, 3),
                FieldKind.Boolean => true,
                FieldKind.Category => "value",
                _ => "2020-01-31",
            };
        }
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = $"a record to predict {model.Schema.Label}".TrimEnd(),
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. model.Schema.Fields.Select(f => (JsonNode)f.Name)]),
            ["additionalProperties"] = true,
        };
        return new JsonObject
        {
            ["label"] = model.Schema.Label,
            ["missingMarkers"] = new JsonArray([.. model.Schema.MissingMarkers.Select(m => (JsonNode)m)]),
            ["intervals"] = model.HasInterval,
            ["schema"] = schema,
            ["example"] = example,
        };
    }

    private static string Range(ModelField field) =>
        field.Min is { } min && field.Max is { } max ? $" (training range {min:G6} to {max:G6})" : "";
}
