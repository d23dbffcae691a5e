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

    [Fact]
    public void Sqlite_DatabaseFromBeforeRequestKeys_GetsThemOnOpenAndKeepsItsVersion()
    {
        // Given a database written by the first release: no request-key columns, one queued trial
        var path = TuningTestKit.TempSqlitePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE tuning_schema_version (version INTEGER NOT NULL);
                INSERT INTO tuning_schema_version VALUES (1);
                CREATE TABLE tuning_studies (study_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, direction INTEGER NOT NULL);
                CREATE TABLE tuning_trials (trial_id INTEGER PRIMARY KEY AUTOINCREMENT, study_id BIGINT NOT NULL REFERENCES tuning_studies(study_id),
                    number INTEGER NOT NULL, state INTEGER NOT NULL, value REAL NULL, datetime_start BIGINT NULL, datetime_complete BIGINT NULL,
                    heartbeat BIGINT NULL, fail_reason TEXT NULL, fixed_params TEXT NULL, UNIQUE (study_id, number));
                INSERT INTO tuning_studies (name, direction) VALUES ('old', 0);
                INSERT INTO tuning_trials (study_id, number, state, fixed_params) VALUES (1, 0, 4, '{}');
                """;
            cmd.ExecuteNonQuery();
        }

        // When it is opened and used
        var storage = SqlStudyStorage.OpenSqlite(path);
        var study = storage.FindStudy("old")!;
        storage.EnqueueTrial(study.StudyId, new Dictionary<string, object> { ["x"] = 1 });
        var started = storage.StartTrial(study.StudyId);

        // Then the queue works as before and the version is unchanged for older readers
        Assert.Equal(0, started.Number);
        Assert.Equal([TrialState.Running, TrialState.Waiting], storage.GetAllTrials(study.StudyId).Select(t => t.State));
        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "SELECT version FROM tuning_schema_version";
        Assert.Equal(1L, version.ExecuteScalar());
    }
}
