using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MlPipeline.Tuning.Storage;

/// <summary>SQLite: WAL journal so readers never block the writer, busy_timeout plus our retry for writer contention.</summary>
internal sealed class SqliteDialect(string path) : SqlDialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path, Pooling = true, DefaultTimeout = 30,
    }.ToString();

    public override string IdColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string RealType => "REAL";

    public override string NowMs => "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    public override string ForUpdate => string.Empty;

    public override string? SchemaLockStatement => null;

    public override string ColumnCount => "SELECT COUNT(*) FROM pragma_table_info(@t) WHERE name = @c";

    public override DbConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var cmd = c.CreateCommand();

        // WAL + synchronous=NORMAL survives process crashes (kill -9) with every committed transaction intact.
        cmd.CommandText = "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        cmd.ExecuteNonQuery();
        return c;
    }

    public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public override DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    public override bool IsTransient(Exception ex) => ex is SqliteException { SqliteErrorCode: 5 or 6 };

    public override bool IsUniqueViolation(Exception ex) => ex is SqliteException { SqliteErrorCode: 19 };
}
