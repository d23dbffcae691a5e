using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlPipeline.Runtime;

/// <summary>
/// Reads the <c>mlpipeline.schema</c> metadata (the training schema as JSON: label, format, columns with role, date
/// parts, range and the name each is loaded as) and binds each column the model uses to the session's inputs.
/// Property and role names are compared ignoring case, as the pipeline reads them. A model without the metadata gets
/// one field per input, named after it: float32 inputs are numbers, string inputs categories.
/// </summary>
internal static class SchemaMetadata
{
    public const string Key = "mlpipeline.schema";

    private static readonly string[] s_defaultMissing = ["", "NA", "N/A", "NaN", "null", "?"];

    public static (ModelSchema Schema, IReadOnlyList<FieldBinding> Bindings) Bind(
        string path, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<(string Name, bool IsString)> inputs, bool unparsableIsMissing)
    {
        var claimed = new bool[inputs.Count];
        var fields = new List<(ModelField Field, List<FieldBinding.Target> Targets)>();
        string label = "", culture = "";
        IReadOnlyList<string> missing = s_defaultMissing;
        if (metadata.TryGetValue(Key, out var json))
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                label = Get(root, "label")?.GetString() ?? "";
                if (Get(root, "format") is { } format)
                {
                    culture = Get(format, "cultureName")?.GetString() ?? "";
                    if (Get(format, "missingMarkers") is { ValueKind: JsonValueKind.Array } markers) missing = [.. markers.EnumerateArray().Select(m => m.GetString() ?? "")];
                }
                foreach (var column in Get(root, "columns")?.EnumerateArray() ?? throw new JsonException("no columns"))
                {
                    if (ReadColumn(column, inputs, claimed) is { } bound) fields.Add(bound);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new ModelLoadException(path, $"metadata {Key} is not a valid schema: {e.Message.Split('\n')[0]}", e);
            }
        }
        for (var i = 0; i < inputs.Count; i++)
        {
            if (claimed[i]) continue;
            var kind = inputs[i].IsString ? FieldKind.Category : FieldKind.Number;
            fields.Add((new ModelField(inputs[i].Name, kind, [inputs[i].Name]), [new FieldBinding.Target(i, inputs[i].IsString, null)]));
        }
        var schema = new ModelSchema(label, culture, missing, [.. fields.Select(f => f.Field)]);
        return (schema, [.. fields.Select(f => new FieldBinding(f.Field, f.Targets, schema, unparsableIsMissing))]);
    }

    private static (ModelField, List<FieldBinding.Target>)? ReadColumn(JsonElement column, IReadOnlyList<(string Name, bool IsString)> inputs, bool[] claimed)
    {
        var name = Get(column, "name")?.GetString() ?? throw new JsonException("a column has no name");
        var loaded = Get(column, "loadedAs")?.GetString() ?? name;
        var role = Get(column, "role")?.GetString() ?? "";
        FieldKind? kind = role.ToLowerInvariant() switch
        {
            "numeric" => FieldKind.Number,
            "boolean" => FieldKind.Boolean,
            "categorical" => FieldKind.Category,
            "datetime" => FieldKind.Date,
            _ => null,
        };
        if (kind is null) return null;
        string[] parts = kind == FieldKind.Date && Get(column, "dateParts") is { ValueKind: JsonValueKind.Array } p
            ? [.. p.EnumerateArray().Select(x => x.GetString() ?? "")]
            : [];
        var targets = new List<FieldBinding.Target>();
        foreach (var part in kind == FieldKind.Date ? parts : new string?[] { null })
        {
            var input = part is null ? loaded : $"{loaded}_{part}";
            var index = IndexOf(inputs, input);
            if (index < 0) continue; // a column the fitted model does not use is not an input
            claimed[index] = true;
            targets.Add(new FieldBinding.Target(index, inputs[index].IsString, part));
        }
        if (targets.Count == 0) return null;
        var field = new ModelField(name, kind.Value, [.. targets.Select(t => inputs[t.Input].Name)])
        {
            DateParts = [.. targets.Where(t => t.DatePart is not null).Select(t => t.DatePart!)],
            Min = Number(Get(column, "min")),
            Max = Number(Get(column, "max")),
            StrayTextIsMissing = Number(Get(column, "unparsedCount")) > 0,
        };
        return (field, targets);
    }

    private static int IndexOf(IReadOnlyList<(string Name, bool IsString)> inputs, string name)
    {
        for (var i = 0; i < inputs.Count; i++) if (inputs[i].Name == name) return i;
        return -1;
    }

    private static double? Number(JsonElement? value) => value is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;

    private static JsonElement? Get(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
            }
        }
        return null;
    }

    /// <summary>The session's inputs, in its order, with whether each takes strings (else float32).</summary>
    public static List<(string Name, bool IsString)> Inputs(InferenceSession session, string path)
    {
        var inputs = new List<(string, bool)>();
        foreach (var (name, meta) in session.InputMetadata)
        {
            var type = meta.ElementDataType;
            if (type is not (TensorElementType.String or TensorElementType.Float))
            {
                throw new ModelLoadException(path, $"input '{name}' is {type}; MlPipeline models take float32 and string inputs only");
            }
            inputs.Add((name, type == TensorElementType.String));
        }
        return inputs;
    }
}
