using MlPipeline.Tuning;
using MlPipeline.Tuning.Storage;

namespace MlPipeline.Tests.Tuning.Storage;

public sealed class StudyStorageFactoryTests
{
    [Fact]
    public void Open_KnownUrls_PicksMatchingBackend()
    {
        // Given the supported URL shapes, Then each opens the matching backend
        Assert.IsType<InMemoryStudyStorage>(StudyStorageFactory.Open(null));
        Assert.IsType<InMemoryStudyStorage>(StudyStorageFactory.Open("memory"));
        Assert.IsType<SqlStudyStorage>(StudyStorageFactory.Open("sqlite:" + TuningTestKit.TempSqlitePath()));
        Assert.Throws<ArgumentException>(() => StudyStorageFactory.Open("mysql://x"));
    }

    [Fact]
    public void PostgresUrl_WithCredentials_BecomesConnectionString()
    {
        // Given a postgresql:// URL, Then the Npgsql connection string carries each part
        var cs = StudyStorageFactory.PostgresUrlToConnectionString("postgresql://bob:s%40cret@db.local:6543/studies");
        Assert.Contains("Host=db.local", cs);
        Assert.Contains("Port=6543", cs);
        Assert.Contains("Username=bob", cs);
        Assert.Contains("Password=s@cret", cs);
        Assert.Contains("Database=studies", cs);
    }

    [Fact]
    public void Sqlite_SameFileReopened_ResumesStudy()
    {
        // Given a SQLite study with 3 trials, When the file is reopened with the same name
        var path = TuningTestKit.TempSqlitePath();
        Study.CreateOrLoad("resume", StudyStorageFactory.Open("sqlite:" + path)).Optimize(t => t.SuggestFloat("x", 0, 1), nTrials: 3);
        var again = Study.CreateOrLoad("resume", StudyStorageFactory.Open("sqlite:" + path));
        again.Optimize(t => t.SuggestFloat("x", 0, 1), nTrials: 2);

        // Then the 3 old trials are kept and 2 were added
        Assert.Equal(5, again.Trials.Count(t => t.State == TrialState.Complete));
    }
}
