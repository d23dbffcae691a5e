using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlPipeline.Data;

/// <summary>
/// The library's one set of JSON settings: indented camelCase, enums as camelCase names, nulls written; a double
/// that is NaN or infinite (the R² of a constant label, an unmeasured error) is written as null, never failing
/// serialisation. Reading ignores the case of property and enum names, so JSON saved by earlier
/// versions (PascalCase model manifests) still loads.
/// </summary>
internal static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new FiniteDoubleConverter(), new FiniteNullableDoubleConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
