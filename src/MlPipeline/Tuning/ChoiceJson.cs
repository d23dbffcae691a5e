using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlPipeline.Tuning;

/// <summary>Normalises choice and parameter values so they survive a JSON round trip unchanged.</summary>
internal static class ChoiceJson
{
    public static object? Normalize(object? value) => value switch
    {
        null => null,
        string or bool or long or double => value,
        int or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal d => (double)d,
        JsonElement e => FromNode(JsonNode.Parse(e.GetRawText())),
        Enum en => en.ToString(),
        _ => throw new ArgumentException($"Choice type {value.GetType().Name} is not supported (use string, integer, double or bool)."),
    };

    public static JsonNode? ToNode(object? value) => Normalize(value) switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => new JsonObject { ["double"] = d.ToString("R", CultureInfo.InvariantCulture) },
        _ => throw new InvalidOperationException(),
    };

    // Doubles are wrapped so 1.0 does not come back as the integer 1.
    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => double.Parse((string)o["double"]!, CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v => v.GetValue<long>(),
        _ => throw new FormatException("Unsupported choice JSON."),
    };

    public static string SerializeDictionary(IReadOnlyDictionary<string, object> values) =>
        new JsonObject(values.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))).ToJsonString();

    public static IReadOnlyDictionary<string, object> DeserializeDictionary(string? json)
    {
        if (string.IsNullOrEmpty(json)) return new Dictionary<string, object>();
        return JsonNode.Parse(json)!.AsObject().ToDictionary(kv => kv.Key, kv => FromNode(kv.Value)!);
    }
}
