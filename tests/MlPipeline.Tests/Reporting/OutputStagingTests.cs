using MlPipeline.Reporting;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Reporting;

public sealed class OutputStagingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Previous()
    {
        var target = _dir.File("out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "metrics.json"), "old");
        File.WriteAllText(Path.Combine(target, "stale.png"), "old");
        return target;
    }

    private static string[] Listing(string folder) => [.. Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order()!];

    [Fact]
    public void Should_Refuse_When_TheDestinationIsNotEmpty()
    {
        var target = Previous();

        var e = Assert.Throws<OutputExistsException>(() => new OutputStaging(target));

        Assert.Contains(target, e.Message);
        Assert.Equal(["metrics.json", "stale.png"], Listing(target));
        Assert.Equal(["out"], Listing(_dir.Path));
    }

    [Fact]
    public void Should_ReplaceTheFolderWhole_When_Overwriting()
    {
        var target = Previous();

        using (var staging = new OutputStaging(target, overwrite: true))
        {
            File.WriteAllText(staging.PathFor("metrics.json"), "new");
            staging.Commit();
        }

        Assert.Equal(["metrics.json"], Listing(target));
        Assert.Equal("new", File.ReadAllText(Path.Combine(target, "metrics.json")));
        Assert.Equal(["out"], Listing(_dir.Path));
    }

    [Fact]
    public void Should_KeepThePreviousFolder_When_TheWriteFailsBeforeTheCommit()
    {
        var target = Previous();

        Action write = () =>
        {
            using var staging = new OutputStaging(target, overwrite: true);
            File.WriteAllText(staging.PathFor("metrics.json"), "half");
            throw new InvalidOperationException("mid-write");
        };

        Assert.Throws<InvalidOperationException>(write);

        Assert.Equal(["metrics.json", "stale.png"], Listing(target));
        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "metrics.json")));
        Assert.Equal(["out"], Listing(_dir.Path));
    }

    [Fact]
    public void Should_RestoreThePreviousFolder_When_TheSwapFails()
    {
        var target = Previous();
        File.WriteAllText(Path.Combine(target, "study.db"), "trials");

        Assert.Throws<IOException>(() =>
        {
            using var staging = new OutputStaging(target, overwrite: true) { BeforeSwap = () => throw new IOException("disk full") };
            File.WriteAllText(staging.PathFor("metrics.json"), "new");
            staging.Commit();
        });

        Assert.Equal(["metrics.json", "stale.png", "study.db"], Listing(target));
        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "metrics.json")));
        Assert.Equal(["out"], Listing(_dir.Path));
    }

    [Fact]
    public void Should_TreatAFolderHoldingOnlyAStudyAsEmpty_And_KeepTheStudy()
    {
        // Given: `train --study NAME` without --storage keeps study.db in the output folder before outputs exist
        var target = _dir.File("out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "study.db"), "trials");

        // When
        using (var staging = new OutputStaging(target))
        {
            File.WriteAllText(staging.PathFor("metrics.json"), "new");
            staging.Commit();
        }

        // Then
        Assert.Equal(["metrics.json", "study.db"], Listing(target));
        Assert.Equal("trials", File.ReadAllText(Path.Combine(target, "study.db")));
    }
}
