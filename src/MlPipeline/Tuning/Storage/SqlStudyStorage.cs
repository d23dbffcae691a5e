using System.Data.Common;
using System.Diagnostics;
using static MlPipeline.Tuning.Storage.SqlCommands;

namespace MlPipeline.Tuning.Storage;

/// <summary>
/// Study storage in SQLite (embedded default) or PostgreSQL (many workers and machines on one study).
/// Every operation is one short transaction, retried on lock conflicts; trial numbers are allocated
/// inside a write transaction that holds the study lock, and finishing a trial is a conditional
/// UPDATE on state = Running, so each trial is recorded exactly once. Enqueues and starts carry a key made once
/// per call, so a retry after a lost commit acknowledgement finds the row instead of adding another. Columns added
/// since the first release are added to older databases on open, without changing the schema version.
/// </summary>
/// <remarks>
/// Thread-safe and process-safe; see <see cref="IStudyStorage"/> for the contract. The schema
/// (tables prefixed <c>tuning_</c>, versioned in <c>tuning_schema_version</c>) is created on first use.
/// </remarks>
public sealed class SqlStudyStorage : IStudyStorage, IDisposable
{
    private const int MaxAttempts = 60;
    private readonly SqlDialect _dialect;

    private SqlStudyStorage(SqlDialect dialect)
    {
        _dialect = dialect;
        Run(true, (c, tx) =>
        {
            if (_dialect.SchemaLockStatement is { } lockSql) Scalar(c, tx, lockSql);
            foreach (var sql in Schema(_dialect)) Exec(c, tx, sql);
            var version = Scalar(c, tx, "SELECT MAX(version) FROM tuning_schema_version");
            if (version is null) Exec(c, tx, "INSERT INTO tuning_schema_version (version) VALUES (@v)", ("@v", SchemaVersion));
            else if (Convert.ToInt32(version) > SchemaVersion)
                throw new InvalidOperationException($"Storage schema version {version} is newer than this library ({SchemaVersion}).");

            foreach (var (table, column, type) in AddedColumns)
            {
                if (Convert.ToInt64(Scalar(c, tx, _dialect.ColumnCount, ("@t", table), ("@c", column))) == 0)
                    Exec(c, tx, $"ALTER TABLE {table} ADD COLUMN {column} {type}");
            }

            foreach (var sql in Indexes) Exec(c, tx, sql);
            return 0;
        });
    }

    /// <summary>Opens (creating if needed) a SQLite database file.</summary>
    /// <param name="path">Database file path.</param>
    /// <returns>The storage.</returns>
    public static SqlStudyStorage OpenSqlite(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        return new SqlStudyStorage(new SqliteDialect(path));
    }

    /// <summary>Opens a PostgreSQL database from an Npgsql connection string.</summary>
    /// <param name="connectionString">e.g. <c>Host=...;Username=...;Password=...;Database=...</c>.</param>
    /// <returns>The storage.</returns>
    public static SqlStudyStorage OpenPostgres(string connectionString) => new(new PostgresDialect(connectionString));

    /// <inheritdoc/>
    public StudyInfo CreateStudy(string name, StudyDirection direction)
    {
        try
        {
            var id = Run(true, (c, tx) => Convert.ToInt64(Scalar(c, tx,
                "INSERT INTO tuning_studies (name, direction) VALUES (@n, @d) RETURNING study_id", ("@n", name), ("@d", (int)direction))));
            return new StudyInfo(id, name, direction);
        }
        catch (Exception ex) when (_dialect.IsUniqueViolation(ex))
        {
            throw new InvalidOperationException($"Study '{name}' already exists.", ex);
        }
    }

    /// <inheritdoc/>
    public StudyInfo? FindStudy(string name) => Run(false, (c, tx) =>
    {
        using var cmd = Command(c, tx, "SELECT study_id, direction FROM tuning_studies WHERE name = @n", ("@n", name));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new StudyInfo(Convert.ToInt64(r.GetValue(0)), name, (StudyDirection)Convert.ToInt32(r.GetValue(1))) : null;
    });

    /// <inheritdoc/>
    public void SetStudyUserAttribute(long studyId, string key, string value) => Run(true, (c, tx) => Exec(c, tx,
        "INSERT INTO tuning_study_user_attrs (study_id, key, value) VALUES (@s, @k, @v) ON CONFLICT (study_id, key) DO UPDATE SET value = excluded.value",
        ("@s", studyId), ("@k", key), ("@v", value)));

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> GetStudyUserAttributes(long studyId) => Run(false, (c, tx) =>
    {
        using var cmd = Command(c, tx, "SELECT key, value FROM tuning_study_user_attrs WHERE study_id = @s", ("@s", studyId));
        using var r = cmd.ExecuteReader();
        var attributes = new Dictionary<string, string>();
        while (r.Read()) attributes[r.GetString(0)] = r.GetString(1);
        return attributes;
    });

    /// <inheritdoc/>
    public void EnqueueTrial(long studyId, IReadOnlyDictionary<string, object> fixedParams, string? key = null)
    {
        // One key for every attempt of this call: an attempt whose commit acknowledgement was lost left a row with it.
        // A caller's key is checked the same way, under the study lock, so the trial is queued once whoever asks.
        key ??= Guid.NewGuid().ToString("N");
        Run(true, (c, tx) =>
        {
            LockStudy(c, tx, studyId);
            if (TrialWithKey(c, tx, studyId, "enqueue_key", key) is not null) return 0L;
            return Insert(c, tx, studyId, TrialState.Waiting, ChoiceJson.SerializeDictionary(fixedParams), key);
        });
    }

    /// <inheritdoc/>
    public FrozenTrial StartTrial(long studyId)
    {
        var key = Guid.NewGuid().ToString("N");
        return Run(true, (c, tx) => StartTrial(c, tx, studyId, key));
    }

    private FrozenTrial StartTrial(DbConnection c, DbTransaction tx, long studyId, string key)
    {
        LockStudy(c, tx, studyId);
        if (TrialWithKey(c, tx, studyId, "start_key", key) is { } started) return SqlTrialReader.Read(c, tx, "t.trial_id = @t", ("@t", started)).Single();
        var waiting = Scalar(c, tx,
            "SELECT trial_id FROM tuning_trials WHERE study_id = @s AND state = @w ORDER BY number LIMIT 1",
            ("@s", studyId), ("@w", (int)TrialState.Waiting));
        long id;
        if (waiting is not null)
        {
            id = Convert.ToInt64(waiting);
            Exec(c, tx, $"UPDATE tuning_trials SET state = @r, datetime_start = {_dialect.NowMs}, heartbeat = {_dialect.NowMs}, start_key = @k WHERE trial_id = @t",
                ("@r", (int)TrialState.Running), ("@t", id), ("@k", key));
        }
        else
        {
            id = Insert(c, tx, studyId, TrialState.Running, null, startKey: key);
        }

        return SqlTrialReader.Read(c, tx, "t.trial_id = @t", ("@t", id)).Single();
    }

    /// <inheritdoc/>
    public void SetTrialParam(long trialId, string name, Distribution distribution, double internalValue) => Run(true, (c, tx) =>
    {
        EnsureRunning(c, tx, trialId);
        return Exec(c, tx,
            "INSERT INTO tuning_trial_params (trial_id, name, distribution, value) VALUES (@t, @n, @d, @v) "
            + "ON CONFLICT (trial_id, name) DO UPDATE SET distribution = excluded.distribution, value = excluded.value",
            ("@t", trialId), ("@n", name), ("@d", distribution.ToJson()), ("@v", internalValue));
    });

    /// <inheritdoc/>
    public void SetIntermediateValue(long trialId, int step, double value) => Run(true, (c, tx) =>
    {
        EnsureRunning(c, tx, trialId);
        return Exec(c, tx,
            "INSERT INTO tuning_trial_values (trial_id, step, value) VALUES (@t, @s, @v) ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value",
            ("@t", trialId), ("@s", step), ("@v", value));
    });

    /// <inheritdoc/>
    public void SetUserAttribute(long trialId, string key, string value) => Run(true, (c, tx) => Exec(c, tx,
        "INSERT INTO tuning_trial_user_attrs (trial_id, key, value) VALUES (@t, @k, @v) ON CONFLICT (trial_id, key) DO UPDATE SET value = excluded.value",
        ("@t", trialId), ("@k", key), ("@v", value)));

    /// <inheritdoc/>
    public void FinishTrial(long trialId, TrialState state, double? value, string? failReason)
    {
        if (!state.IsFinished()) throw new ArgumentException("FinishTrial needs a finished state.", nameof(state));
        Run(true, (c, tx) =>
        {
            var n = Exec(c, tx,
                $"UPDATE tuning_trials SET state = @st, value = @v, fail_reason = @f, datetime_complete = {_dialect.NowMs} WHERE trial_id = @t AND state = @r",
                ("@st", (int)state), ("@v", value), ("@f", failReason), ("@t", trialId), ("@r", (int)TrialState.Running));
            if (n == 0 && !AlreadyFinishedAs(c, tx, trialId, state, value, failReason)) EnsureRunning(c, tx, trialId);
            return n;
        });
    }

    /// <inheritdoc/>
    public void RecordHeartbeat(long trialId) => Run(true, (c, tx) => Exec(c, tx,
        $"UPDATE tuning_trials SET heartbeat = {_dialect.NowMs} WHERE trial_id = @t AND state = @r", ("@t", trialId), ("@r", (int)TrialState.Running)));

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> FailStaleTrials(long studyId, TimeSpan gracePeriod)
    {
        var ids = Run(true, (c, tx) =>
        {
            using var cmd = Command(c, tx,
                $"UPDATE tuning_trials SET state = @f, fail_reason = @why, datetime_complete = {_dialect.NowMs} "
                + $"WHERE study_id = @s AND state = @r AND heartbeat < {_dialect.NowMs} - @g RETURNING trial_id",
                ("@f", (int)TrialState.Failed), ("@why", InMemoryStudyStorage.StaleReason), ("@s", studyId),
                ("@r", (int)TrialState.Running), ("@g", (long)gracePeriod.TotalMilliseconds));
            using var r = cmd.ExecuteReader();
            var list = new List<long>();
            while (r.Read()) list.Add(Convert.ToInt64(r.GetValue(0)));
            return list;
        });
        return ids.Select(GetTrial).ToList();
    }

    /// <inheritdoc/>
    public FrozenTrial GetTrial(long trialId) => Run(false, (c, tx) =>
        SqlTrialReader.Read(c, tx, "t.trial_id = @t", ("@t", trialId)).SingleOrDefault()
        ?? throw new KeyNotFoundException($"No trial {trialId}."));

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> GetAllTrials(long studyId, IReadOnlyCollection<TrialState>? states = null)
    {
        var all = Run(false, (c, tx) => SqlTrialReader.Read(c, tx, "t.study_id = @s", ("@s", studyId)));
        return states is null ? all : all.Where(t => states.Contains(t.State)).ToList();
    }

    /// <summary>Releases pooled connections.</summary>
    public void Dispose() => (_dialect as IDisposable)?.Dispose();

    private void LockStudy(DbConnection c, DbTransaction tx, long studyId)
    {
        var found = Scalar(c, tx, "SELECT study_id FROM tuning_studies WHERE study_id = @s" + _dialect.ForUpdate, ("@s", studyId));
        if (found is null) throw new KeyNotFoundException($"No study {studyId}.");
    }

    private long Insert(DbConnection c, DbTransaction tx, long studyId, TrialState state, string? fixedParams, string? enqueueKey = null, string? startKey = null)
    {
        LockStudy(c, tx, studyId);
        var start = state == TrialState.Running ? _dialect.NowMs : "NULL";
        return Convert.ToInt64(Scalar(c, tx,
            "INSERT INTO tuning_trials (study_id, number, state, datetime_start, heartbeat, fixed_params, enqueue_key, start_key) "
            + $"VALUES (@s, (SELECT COALESCE(MAX(number) + 1, 0) FROM tuning_trials WHERE study_id = @s), @st, {start}, {start}, @fp, @ek, @sk) RETURNING trial_id",
            ("@s", studyId), ("@st", (int)state), ("@fp", fixedParams), ("@ek", enqueueKey), ("@sk", startKey)));
    }

    private static long? TrialWithKey(DbConnection c, DbTransaction tx, long studyId, string column, string key) =>
        Scalar(c, tx, $"SELECT trial_id FROM tuning_trials WHERE study_id = @s AND {column} = @k", ("@s", studyId), ("@k", key)) is { } id
            ? Convert.ToInt64(id)
            : null;

    // A retry of a finish whose acknowledgement was lost finds its own verdict already written: that is success.
    private static bool AlreadyFinishedAs(DbConnection c, DbTransaction tx, long trialId, TrialState state, double? value, string? failReason)
    {
        using var cmd = Command(c, tx, "SELECT state, value, fail_reason FROM tuning_trials WHERE trial_id = @t", ("@t", trialId));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return false;
        var storedValue = r.IsDBNull(1) ? (double?)null : Convert.ToDouble(r.GetValue(1));
        var storedReason = r.IsDBNull(2) ? null : r.GetString(2);
        return (TrialState)Convert.ToInt32(r.GetValue(0)) == state && Nullable.Equals(storedValue, value) && storedReason == failReason;
    }

    private void EnsureRunning(DbConnection c, DbTransaction tx, long trialId)
    {
        var state = Scalar(c, tx, "SELECT state FROM tuning_trials WHERE trial_id = @t" + _dialect.ForUpdate, ("@t", trialId))
            ?? throw new KeyNotFoundException($"No trial {trialId}.");
        if ((TrialState)Convert.ToInt32(state) != TrialState.Running)
            throw new InvalidOperationException($"Trial {trialId} is {(TrialState)Convert.ToInt32(state)}, not Running.");
    }

    /// <summary>
    /// For tests: the next this many committed writes report a dropped connection instead of returning, as when the
    /// server committed but its acknowledgement was lost, so the write is retried.
    /// </summary>
    internal int LostAcknowledgements
    {
        get => Volatile.Read(ref _lostAcknowledgements);
        set => Volatile.Write(ref _lostAcknowledgements, value);
    }

    private int _lostAcknowledgements;

    private sealed class LostAcknowledgementException() : Exception("The commit acknowledgement was lost (simulated).");

    /// <summary>How long an operation keeps retrying after the server went away (a restart, a failover) before it gives up.</summary>
    internal static readonly TimeSpan ReconnectWindow = TimeSpan.FromSeconds(90);

    /// <summary>Operations of this storage that lost their connection and succeeded on a retry (one per outage each lived through).</summary>
    internal int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>The same count over every storage of this process (what <c>mlpipeline worker</c> reports).</summary>
    internal static int ProcessReconnects => Volatile.Read(ref s_processReconnects);

    private static int s_processReconnects;
    private int _reconnects;

    private T Run<T>(bool write, Func<DbConnection, DbTransaction, T> work)
    {
        Stopwatch? outage = null;
        var losses = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var c = _dialect.Open();
                using var tx = write ? _dialect.BeginWrite(c) : _dialect.BeginRead(c);
                var result = work(c, tx);
                tx.Commit();
                if (write && LostAcknowledgements > 0 && Interlocked.Decrement(ref _lostAcknowledgements) >= 0)
                    throw new LostAcknowledgementException();
                if (outage is not null)
                {
                    Interlocked.Increment(ref _reconnects);
                    Interlocked.Increment(ref s_processReconnects);
                }
                return result;
            }
            catch (Exception ex) when (_dialect.IsConnectionLoss(ex) && (outage ??= Stopwatch.StartNew()).Elapsed < ReconnectWindow)
            {
                // The server went away: every pooled connection is dead too. Pauses grow to 2 s (with jitter, so the
                // workers do not all come back at once) until the server answers again. Writes are safe to repeat: an
                // enqueue or start finds the row its lost commit made by its key, a finish finds its own verdict.
                _dialect.ResetConnections();
                attempt--;
                var pause = Math.Min(2000, 50 << Math.Min(++losses, 6));
                Thread.Sleep(pause / 2 + Random.Shared.Next(pause / 2 + 1));
            }
            catch (Exception ex) when (attempt < MaxAttempts && (_dialect.IsTransient(ex) || IsAllocationRace(ex) || ex is LostAcknowledgementException))
            {
                // Randomised backoff so contending workers do not retry in lock-step.
                Thread.Sleep(Random.Shared.Next(5, 20 + Math.Min(attempt, 10) * 20));
            }
        }
    }

    // Two PostgreSQL workers creating the same study's first trial race on UNIQUE(study_id, number) only
    // if the study row lock was not taken; keep the retry anyway so the constraint is the last line of defence.
    private bool IsAllocationRace(Exception ex) =>
        _dialect.IsUniqueViolation(ex) && ex.Message.Contains("number", StringComparison.OrdinalIgnoreCase);
}
