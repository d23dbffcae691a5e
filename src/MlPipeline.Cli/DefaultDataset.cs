namespace MlPipeline.Cli;

/// <summary>The Ames house prices data embedded in the tool, so <c>mlpipeline train</c> works anywhere with no arguments.</summary>
internal static class DefaultDataset
{
    public const string Label = "Sale_Price";
    private const string Resource = "MlPipeline.Cli.ames.csv";

    /// <summary>Extracts the embedded file once into the temp folder and returns its path.</summary>
    public static string Extract()
    {
        using var stream = typeof(DefaultDataset).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"embedded resource {Resource} is missing from this build");
        var directory = Path.Combine(Path.GetTempPath(), "mlpipeline", $"default-{stream.Length}");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "ames.csv");
        if (File.Exists(path) && new FileInfo(path).Length == stream.Length) return path;
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        using (var file = File.Create(temp)) stream.CopyTo(file);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
