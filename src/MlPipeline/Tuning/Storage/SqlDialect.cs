using System.Data.Common;

namespace MlPipeline.Tuning.Storage;

/// <summary>What differs between the SQL backends; the statements themselves are shared.</summary>
internal abstract class SqlDialect
{
    /// <summary>Column type of auto-increment primary keys.</summary>
    public abstract string IdColumn { get; }

    /// <summary>Type of floating point columns (must be 64-bit).</summary>
    public abstract string RealType { get; }

    /// <summary>SQL expression for the server's current Unix time in milliseconds.</summary>
    public abstract string NowMs { get; }

    /// <summary>Suffix that row-locks the rows a SELECT reads inside a write transaction (empty when the transaction already locks everything).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Query counting the columns named <c>@c</c> of table <c>@t</c> (0 or 1).</summary>
    public abstract string ColumnCount { get; }

    /// <summary>An open connection with per-connection settings applied.</summary>
    public abstract DbConnection Open();

    /// <summary>A write transaction that serialises with other writers (SQLite: BEGIN IMMEDIATE).</summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>A read transaction giving a consistent snapshot.</summary>
    public abstract DbTransaction BeginRead(DbConnection connection);

    /// <summary>Statement run at the start of schema creation to serialise concurrent creators, or null.</summary>
    public abstract string? SchemaLockStatement { get; }

    /// <summary>Whether the error is a lock/serialisation conflict worth retrying.</summary>
    public abstract bool IsTransient(Exception ex);

    /// <summary>
    /// Whether the error means the server went away (restarted, shut down, network cut) rather than refused the work:
    /// such errors are retried for <see cref="SqlStudyStorage.ReconnectWindow"/> with growing pauses, not a few times.
    /// </summary>
    public virtual bool IsConnectionLoss(Exception ex) => false;

    /// <summary>Drops pooled connections after a connection loss, so retries do not pick up more dead ones.</summary>
    public virtual void ResetConnections() { }

    /// <summary>Whether the error is a unique-constraint violation.</summary>
    public abstract bool IsUniqueViolation(Exception ex);
}
