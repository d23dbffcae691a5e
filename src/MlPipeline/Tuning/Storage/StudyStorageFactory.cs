namespace MlPipeline.Tuning.Storage;

/// <summary>Chooses a storage backend from a URL.</summary>
public static class StudyStorageFactory
{
    /// <summary>
    /// Opens storage: <c>null</c>/<c>""</c>/<c>memory</c> for in-memory, <c>sqlite:PATH</c> for SQLite,
    /// <c>postgresql://user:pass@host:port/db</c> or an Npgsql connection string (<c>Host=...</c>) for PostgreSQL.
    /// </summary>
    /// <param name="url">The storage URL.</param>
    /// <returns>The storage.</returns>
    public static IStudyStorage Open(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Equals("memory", StringComparison.OrdinalIgnoreCase))
            return new InMemoryStudyStorage();
        if (url.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = url["sqlite:".Length..];
            if (path.StartsWith("///", StringComparison.Ordinal)) path = path[2..];
            if (path.Length == 0) throw new ArgumentException("sqlite: URL needs a path.", nameof(url));
            return SqlStudyStorage.OpenSqlite(path);
        }

        if (url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
            return SqlStudyStorage.OpenPostgres(PostgresUrlToConnectionString(url));
        if (url.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            return SqlStudyStorage.OpenPostgres(url);
        throw new ArgumentException($"Unrecognised storage URL (use memory, sqlite:PATH or postgresql://...).", nameof(url));
    }

    internal static string PostgresUrlToConnectionString(string url)
    {
        var uri = new Uri(url);
        var b = new Npgsql.NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432 };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) b.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) b.Password = Uri.UnescapeDataString(userInfo[1]);
        var db = uri.AbsolutePath.Trim('/');
        if (db.Length > 0) b.Database = Uri.UnescapeDataString(db);
        return b.ConnectionString;
    }
}
