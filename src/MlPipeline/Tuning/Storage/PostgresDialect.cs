using System.Data;
using System.Data.Common;
using Npgsql;

namespace MlPipeline.Tuning.Storage;

/// <summary>PostgreSQL: row locks (SELECT ... FOR UPDATE) on the study serialise trial-number allocation across machines.</summary>
internal sealed class PostgresDialect : SqlDialect, IDisposable
{
    private readonly NpgsqlDataSource _source;

    public PostgresDialect(string connectionString) => _source = NpgsqlDataSource.Create(connectionString);

    public override string IdColumn => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public override string RealType => "DOUBLE PRECISION";

    public override string NowMs => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    public override string ForUpdate => " FOR UPDATE";

    public override string? SchemaLockStatement => "SELECT pg_advisory_xact_lock(7262031)";

    public override string ColumnCount =>
        "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t AND column_name = @c";

    public override DbConnection Open() => _source.OpenConnection();

    public override DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction(IsolationLevel.ReadCommitted);

    public override DbTransaction BeginRead(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);

    public override bool IsTransient(Exception ex) =>
        ex is PostgresException { SqlState: "40001" or "40P01" or "55P03" } || ex is NpgsqlException { IsTransient: true };

    // 08xxx: connection exceptions; 57P01/57P02: the server terminated the session (fast/immediate shutdown, restart);
    // 57P03: the server is starting up or shutting down; otherwise a socket or stream error under Npgsql's exception.
    public override bool IsConnectionLoss(Exception ex) =>
        ex is PostgresException p
            ? p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03"
            : ex is NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException or TimeoutException }
                or NpgsqlException { IsTransient: true } || ex is IOException or System.Net.Sockets.SocketException
                || (ex is InvalidOperationException && ex.InnerException is { } inner && IsConnectionLoss(inner));

    public override void ResetConnections() => _source.Clear();

    public override bool IsUniqueViolation(Exception ex) => ex is PostgresException { SqlState: "23505" };

    public void Dispose() => _source.Dispose();
}
