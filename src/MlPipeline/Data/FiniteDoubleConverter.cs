using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlPipeline.Data;

/// <summary>
/// Writes a NaN or infinite double as JSON <c>null</c> (JSON has no such numbers, and a reader should not have to
/// know .NET's named literals); reads <c>null</c> back as NaN and still accepts the named literals of older files.
/// </summary>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => double.NaN,
        JsonTokenType.String => double.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => reader.GetDouble(),
    };

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
