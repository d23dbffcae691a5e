using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MlPipeline.Cli.Tests.Faults;

/// <summary>
/// Reads a study's SQLite file directly (no library code, no schema creation), as an outside observer of the CLI:
/// the trials with their state, value and parameters, and SQLite's own integrity check.
/// </summary>
internal static class SqliteStudyFile
{
    /// <summary>One stored trial: what must not change once it is complete.</summary>
    public sealed record Row(int Number, int State, double? Value, string Params);

    public const int Complete = 1;
    public const int Waiting = 4;
    public const int Running = 0;

    /// <summary>Every trial by number; empty when the file or its tables do not exist yet.</summary>
    public static IReadOnlyList<Row> Trials(string path)
    {
        if (!File.Exists(path)) return [];
        using var connection = Open(path);
        try
        {
            var parameters = new Dictionary<long, List<string>>();
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT trial_id, name, value FROM tuning_trial_params ORDER BY trial_id, name";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    var id = r.GetInt64(0);
                    if (!parameters.TryGetValue(id, out var list)) parameters[id] = list = [];
                    list.Add($"{r.GetString(1)}={r.GetDouble(2).ToString("R", CultureInfo.InvariantCulture)}");
                }
            }
            using var trials = connection.CreateCommand();
            trials.CommandText = "SELECT trial_id, number, state, value FROM tuning_trials ORDER BY number";
            using var reader = trials.ExecuteReader();
            var rows = new List<Row>();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                rows.Add(new Row(reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetDouble(3),
                    string.Join(";", parameters.GetValueOrDefault(id) ?? [])));
            }
            return rows;
        }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return [];
        }
    }

    /// <summary>The result of <c>PRAGMA integrity_check</c> ("ok" for a sound file).</summary>
    public static string IntegrityCheck(string path)
    {
        using var connection = Open(path);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        using var r = cmd.ExecuteReader();
        var lines = new List<string>();
        while (r.Read()) lines.Add(r.GetString(0));
        return string.Join("\n", lines);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }
}
