using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlPipeline.Tuning.Analysis;

/// <summary>Shared JSON settings: camelCase, enums as names.</summary>
internal static class AnalysisJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
