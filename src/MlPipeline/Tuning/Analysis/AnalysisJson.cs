using System.Text.Json;

namespace MlPipeline.Tuning.Analysis;

/// <summary>The analysis exports' JSON settings: the library's own.</summary>
internal static class AnalysisJson
{
    public static JsonSerializerOptions Options => Data.JsonDefaults.Options;
}
