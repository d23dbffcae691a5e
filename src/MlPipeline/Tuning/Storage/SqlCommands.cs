using System.Data.Common;

namespace MlPipeline.Tuning.Storage;

/// <summary>Small ADO.NET helpers shared by the SQL storage.</summary>
internal static class SqlCommands
{
    // Additive changes that older libraries ignore unharmed (nullable columns, new tables, indexes on NULL-able keys)
    // keep the version, so a shared database upgraded by one worker still serves workers on the previous release.
    public const int SchemaVersion = 1;

    public static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    public static int Exec(DbConnection c, DbTransaction? tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        return cmd.ExecuteNonQuery();
    }

    public static object? Scalar(DbConnection c, DbTransaction? tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    public static string[] Schema(SqlDialect d) =>
    [
        "CREATE TABLE IF NOT EXISTS tuning_schema_version (version INTEGER NOT NULL)",
        $"CREATE TABLE IF NOT EXISTS tuning_studies (study_id {d.IdColumn}, name TEXT NOT NULL UNIQUE, direction INTEGER NOT NULL)",
        $"""
        CREATE TABLE IF NOT EXISTS tuning_trials (
            trial_id {d.IdColumn},
            study_id BIGINT NOT NULL REFERENCES tuning_studies(study_id),
            number INTEGER NOT NULL,
            state INTEGER NOT NULL,
            value {d.RealType} NULL,
            datetime_start BIGINT NULL,
            datetime_complete BIGINT NULL,
            heartbeat BIGINT NULL,
            fail_reason TEXT NULL,
            fixed_params TEXT NULL,
            enqueue_key TEXT NULL,
            start_key TEXT NULL,
            UNIQUE (study_id, number))
        """,
        "CREATE INDEX IF NOT EXISTS tuning_trials_state ON tuning_trials (study_id, state)",
        $"""
        CREATE TABLE IF NOT EXISTS tuning_trial_params (
            trial_id BIGINT NOT NULL REFERENCES tuning_trials(trial_id), name TEXT NOT NULL,
            distribution TEXT NOT NULL, value {d.RealType} NOT NULL, PRIMARY KEY (trial_id, name))
        """,
        $"""
        CREATE TABLE IF NOT EXISTS tuning_trial_values (
            trial_id BIGINT NOT NULL REFERENCES tuning_trials(trial_id), step INTEGER NOT NULL,
            value {d.RealType} NOT NULL, PRIMARY KEY (trial_id, step))
        """,
        """
        CREATE TABLE IF NOT EXISTS tuning_study_user_attrs (
            study_id BIGINT NOT NULL REFERENCES tuning_studies(study_id), key TEXT NOT NULL,
            value TEXT NOT NULL, PRIMARY KEY (study_id, key))
        """,
        """
        CREATE TABLE IF NOT EXISTS tuning_trial_user_attrs (
            trial_id BIGINT NOT NULL REFERENCES tuning_trials(trial_id), key TEXT NOT NULL,
            value TEXT NOT NULL, PRIMARY KEY (trial_id, key))
        """,
    ];

    /// <summary>Columns added after the first release: a database created before them gets them on open.</summary>
    public static (string Table, string Column, string Type)[] AddedColumns =>
    [
        ("tuning_trials", "enqueue_key", "TEXT NULL"),
        ("tuning_trials", "start_key", "TEXT NULL"),
    ];

    /// <summary>Run after adding columns: the unique keys that make retried enqueues and starts idempotent.</summary>
    public static string[] Indexes =>
    [
        "CREATE UNIQUE INDEX IF NOT EXISTS tuning_trials_enqueue_key ON tuning_trials (study_id, enqueue_key)",
        "CREATE UNIQUE INDEX IF NOT EXISTS tuning_trials_start_key ON tuning_trials (study_id, start_key)",
    ];
}
