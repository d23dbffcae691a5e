using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlPipeline.Data;

/// <summary>
/// <see cref="FiniteDoubleConverter"/> for <c>double?</c>: null stays null, NaN and infinities are written as
/// null (registered explicitly, so the nullable wrapper never hands a null to the double converter).
/// </summary>
internal sealed class FiniteNullableDoubleConverter : JsonConverter<double?>
{
    private static readonly FiniteDoubleConverter s_inner = new();

    public override bool HandleNull => true;

    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : s_inner.Read(ref reader, typeof(double), options);

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        if (value is { } v) s_inner.Write(writer, v, options);
        else writer.WriteNullValue();
    }
}
