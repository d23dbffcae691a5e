using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlPipeline.Runtime;

/// <summary>Turns values of records of every shape the runtime takes (objects, JSON, dictionaries) into <see cref="Cell"/>s.</summary>
internal static class ObjectRecords
{
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> s_properties = new();

    /// <summary>
    /// The property of <paramref name="type"/> for a field: by name ignoring case, or by its <c>[JsonPropertyName]</c>.
    /// An exact name wins, then an exact <c>[JsonPropertyName]</c>, then a name ignoring case, so a property named for
    /// one column never takes another column's value because their names differ only in case.
    /// </summary>
    public static PropertyInfo Property(Type type, string field) =>
        s_properties.GetOrAdd((type, field), key => key.Item1.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name == key.Item2 ? 0 : p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == key.Item2 ? 1 : 2)
            .FirstOrDefault(p => string.Equals(p.Name, key.Item2, StringComparison.OrdinalIgnoreCase)
                || p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == key.Item2))
        ?? throw new ArgumentException($"{type.Name} has no readable property for the model's field '{field}' (names are matched ignoring case, or by [JsonPropertyName])");

    public static Cell FromObject(object? value) => value switch
    {
        null => Cell.Null,
        string s => Cell.OfText(s),
        bool b => new Cell(CellKind.Boolean, Flag: b),
        DateTime d => new Cell(CellKind.Date, Date: d),
        DateTimeOffset o => new Cell(CellKind.Date, Date: o.DateTime),
        DateOnly d => new Cell(CellKind.Date, Date: d.ToDateTime(TimeOnly.MinValue)),
        float or double or decimal or int or long or short or byte or sbyte or uint or ulong or ushort =>
            new Cell(CellKind.Number, ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture), Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        JsonElement e => FromJson(e),
        _ => Cell.OfText(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    public static Cell FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Cell.Null,
        JsonValueKind.String => Cell.OfText(value.GetString()),
        JsonValueKind.Number => new Cell(CellKind.Number, value.GetRawText(), value.GetDouble()),
        JsonValueKind.True => new Cell(CellKind.Boolean, Flag: true),
        JsonValueKind.False => new Cell(CellKind.Boolean, Flag: false),
        _ => new Cell(CellKind.Compound, value.GetRawText()),
    };
}
