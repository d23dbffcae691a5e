namespace MlPipeline.Reporting;

/// <summary>
/// Writes a set of output files so that a failure leaves nothing half-written: files go to a hidden staging
/// folder beside the destination and are moved in only by <see cref="Commit"/>; disposing without committing
/// deletes the staging folder.
/// </summary>
internal sealed class OutputStaging : IDisposable
{
    private readonly string _staging;
    private readonly List<string> _files = [];
    private bool _committed;

    /// <summary>Prepares to write into <paramref name="destination"/> (created on commit).</summary>
    public OutputStaging(string destination)
    {
        Destination = Path.GetFullPath(destination);
        var parent = Path.GetDirectoryName(Destination.TrimEnd(Path.DirectorySeparatorChar)) ?? ".";
        Directory.CreateDirectory(parent);
        _staging = Path.Combine(parent, $".{Path.GetFileName(Destination.TrimEnd(Path.DirectorySeparatorChar))}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_staging);
    }

    /// <summary>The folder the files end up in.</summary>
    public string Destination { get; }

    /// <summary>Where to write <paramref name="fileName"/> now; it is moved to the destination on commit.</summary>
    public string PathFor(string fileName)
    {
        _files.Add(fileName);
        return Path.Combine(_staging, fileName);
    }

    /// <summary>Moves every staged file into the destination, replacing files of the same names.</summary>
    public void Commit()
    {
        Directory.CreateDirectory(Destination);
        foreach (var file in _files.Distinct())
        {
            var staged = Path.Combine(_staging, file);
            if (File.Exists(staged)) File.Move(staged, Path.Combine(Destination, file), overwrite: true);
        }
        _committed = true;
        Directory.Delete(_staging, recursive: true);
    }

    /// <summary>Deletes the staging folder unless committed.</summary>
    public void Dispose()
    {
        if (!_committed && Directory.Exists(_staging)) Directory.Delete(_staging, recursive: true);
    }

    /// <summary>Writes one file atomically: into a temporary file beside it, then moved over it.</summary>
    public static void WriteFile(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
