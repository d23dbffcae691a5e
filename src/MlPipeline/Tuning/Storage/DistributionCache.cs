using System.Collections.Concurrent;

namespace MlPipeline.Tuning.Storage;

/// <summary>Parsed distributions by JSON text: a study has few distinct ones and reads repeat them thousands of times.</summary>
internal static class DistributionCache
{
    private static readonly ConcurrentDictionary<string, Distribution> Cache = new();

    public static Distribution Parse(string json) =>
        Cache.Count < 10_000 ? Cache.GetOrAdd(json, Distribution.FromJson) : Distribution.FromJson(json);
}
