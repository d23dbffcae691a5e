namespace MlPipeline.Benchmarks;

/// <summary>Finds the shared fixed splits (../shared/data/splits beside the repository).</summary>
internal static class Splits
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "splits");
            if (File.Exists(Path.Combine(dir.FullName, "MlPipeline.sln")) && Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException("shared/data/splits not found beside the repository; pass --data DIR");
    }
}
