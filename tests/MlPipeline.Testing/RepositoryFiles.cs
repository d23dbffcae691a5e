namespace MlPipeline.Testing;

/// <summary>Files of the repository the tests run from (found by walking up to <c>MlPipeline.sln</c>).</summary>
public static class RepositoryFiles
{
    /// <summary>The full path of <paramref name="relative"/> inside the repository.</summary>
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlPipeline.sln"))) return System.IO.Path.Combine(dir.FullName, relative);
        }
        throw new DirectoryNotFoundException("repository root (MlPipeline.sln) not found above the test binaries");
    }
}
