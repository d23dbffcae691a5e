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

    public override bool IsUniqueViolation(Exception ex) => ex is PostgresException { SqlState: "23505" };

    public void Dispose() => _source.Dispose();
}
