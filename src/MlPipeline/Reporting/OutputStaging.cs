namespace MlPipeline.Reporting;

/// <summary>
/// Writes a set of output files so that a failure leaves nothing half-written: files go to a hidden staging
/// folder beside the destination, and <see cref="Commit"/> puts that folder in place with one rename, so the
/// destination holds exactly this run's files (no stale ones). Disposing without committing deletes the staging
/// folder; an existing destination is untouched until the commit, and restored if the commit fails.
/// </summary>
/// <remarks>
/// An existing destination that holds anything but a study database (<see cref="StudyFiles"/>) is refused
/// unless <c>overwrite</c>; the study database, which <c>train --study</c> may keep in the output folder and
/// resume from, does not count and is carried into the new folder, so replacing the outputs never loses the study.
/// </remarks>
internal sealed class OutputStaging : IDisposable
{
    /// <summary>SQLite files of a study stored in the output folder: ignored by the emptiness rule and kept on replace.</summary>
    public static readonly IReadOnlyList<string> StudyFiles = ["study.db", "study.db-journal", "study.db-wal", "study.db-shm"];

    private readonly string _staging;
    private readonly bool _overwrite;
    private bool _committed;

    /// <summary>Prepares to write into <paramref name="destination"/>, refused now if it is not empty and <paramref name="overwrite"/> is false.</summary>
    /// <exception cref="OutputExistsException">The destination holds other files and <paramref name="overwrite"/> is false.</exception>
    public OutputStaging(string destination, bool overwrite = false)
    {
        Destination = Path.GetFullPath(destination).TrimEnd(Path.DirectorySeparatorChar);
        _overwrite = overwrite;
        EnsureWritable(Destination, overwrite);
        var parent = Path.GetDirectoryName(Destination) ?? ".";
        Directory.CreateDirectory(parent);
        _staging = Path.Combine(parent, $".{Path.GetFileName(Destination)}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_staging);
    }

    /// <summary>The folder the files end up in.</summary>
    public string Destination { get; }

    /// <summary>Test hook: runs after the old destination was moved aside and before the staged folder takes its place.</summary>
    internal Action? BeforeSwap { get; init; }

    /// <summary>Where to write <paramref name="fileName"/> now; it is in the destination after the commit.</summary>
    public string PathFor(string fileName) => Path.Combine(_staging, fileName);

    /// <summary>
    /// Throws unless <paramref name="destination"/> is missing, empty (study database aside) or may be replaced;
    /// never replaces a folder that holds the current directory.
    /// </summary>
    /// <exception cref="OutputExistsException">The destination may not be written.</exception>
    public static void EnsureWritable(string destination, bool overwrite)
    {
        var full = Path.GetFullPath(destination).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(full)) throw new OutputExistsException($"output {full} is a file, not a folder");
        if (!Directory.Exists(full) || IsEmpty(full)) return;
        if (!overwrite) throw new OutputExistsException($"output folder {full} is not empty; pass --overwrite to replace it");
        var current = Path.GetFullPath(Directory.GetCurrentDirectory()).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (current.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new OutputExistsException($"output folder {full} holds the current directory; it is not replaced");
        }
    }

    /// <summary>
    /// Puts the staged folder in place of the destination in one rename; an existing destination is moved aside
    /// first (its study database carried over) and deleted after, or moved back if the rename fails.
    /// </summary>
    public void Commit()
    {
        EnsureWritable(Destination, _overwrite);
        if (!Directory.Exists(Destination))
        {
            Directory.Move(_staging, Destination);
            _committed = true;
            return;
        }
        var aside = Path.Combine(Path.GetDirectoryName(Destination) ?? ".", $".{Path.GetFileName(Destination)}.old-{Guid.NewGuid():N}");
        Directory.Move(Destination, aside);
        var carried = new List<string>();
        try
        {
            foreach (var file in StudyFiles)
            {
                var old = Path.Combine(aside, file);
                if (!File.Exists(old) || File.Exists(PathFor(file))) continue;
                File.Move(old, PathFor(file));
                carried.Add(file);
            }
            BeforeSwap?.Invoke();
            Directory.Move(_staging, Destination);
        }
        catch
        {
            foreach (var file in carried) File.Move(PathFor(file), Path.Combine(aside, file));
            Directory.Move(aside, Destination);
            throw;
        }
        _committed = true;
        try
        {
            Directory.Delete(aside, recursive: true);
        }
        catch (IOException)
        {
            // The new outputs are in place; a leftover hidden copy of the old ones is only clutter.
        }
        catch (UnauthorizedAccessException)
        {
        }
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

    private static bool IsEmpty(string directory) =>
        !Directory.EnumerateFileSystemEntries(directory).Any(e => !StudyFiles.Contains(Path.GetFileName(e)));
}
