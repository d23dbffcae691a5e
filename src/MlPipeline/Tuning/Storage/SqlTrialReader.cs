using System.Data.Common;

namespace MlPipeline.Tuning.Storage;

/// <summary>Reads trials and their child rows into <see cref="FrozenTrial"/> snapshots.</summary>
internal static class SqlTrialReader
{
    private sealed class Row
    {
        public required long TrialId;
        public required int Number;
        public required TrialState State;
        public double? Value;
        public long? Start;
        public long? Complete;
        public string? FailReason;
        public string? FixedParams;
        public readonly Dictionary<string, double> Params = [];
        public readonly Dictionary<string, Distribution> Distributions = [];
        public readonly Dictionary<int, double> Values = [];
        public readonly Dictionary<string, string> Attrs = [];
    }

    /// <summary>Trials selected by <paramref name="where"/> (a condition on tuning_trials aliased t).</summary>
    public static List<FrozenTrial> Read(DbConnection c, DbTransaction tx, string where, params (string, object?)[] args)
    {
        var rows = new Dictionary<long, Row>();
        var order = new List<Row>();
        using (var cmd = SqlCommands.Command(c, tx,
            $"SELECT trial_id, number, state, value, datetime_start, datetime_complete, fail_reason, fixed_params FROM tuning_trials t WHERE {where} ORDER BY number", args))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var row = new Row
                {
                    TrialId = Convert.ToInt64(r.GetValue(0)), Number = Convert.ToInt32(r.GetValue(1)),
                    State = (TrialState)Convert.ToInt32(r.GetValue(2)),
                    Value = r.IsDBNull(3) ? null : r.GetDouble(3),
                    Start = r.IsDBNull(4) ? null : Convert.ToInt64(r.GetValue(4)),
                    Complete = r.IsDBNull(5) ? null : Convert.ToInt64(r.GetValue(5)),
                    FailReason = r.IsDBNull(6) ? null : r.GetString(6),
                    FixedParams = r.IsDBNull(7) ? null : r.GetString(7),
                };
                rows[row.TrialId] = row;
                order.Add(row);
            }
        }

        if (rows.Count == 0) return [];
        var sub = $"trial_id IN (SELECT trial_id FROM tuning_trials t WHERE {where})";
        ReadChildren(c, tx, $"SELECT trial_id, name, distribution, value FROM tuning_trial_params WHERE {sub}", args, (row, r) =>
        {
            var name = r.GetString(1);
            row.Distributions[name] = DistributionCache.Parse(r.GetString(2));
            row.Params[name] = r.GetDouble(3);
        }, rows);
        ReadChildren(c, tx, $"SELECT trial_id, step, value FROM tuning_trial_values WHERE {sub}", args,
            (row, r) => row.Values[Convert.ToInt32(r.GetValue(1))] = r.GetDouble(2), rows);
        ReadChildren(c, tx, $"SELECT trial_id, key, value FROM tuning_trial_user_attrs WHERE {sub}", args,
            (row, r) => row.Attrs[r.GetString(1)] = r.GetString(2), rows);
        return order.Select(ToFrozen).ToList();
    }

    private static void ReadChildren(
        DbConnection c, DbTransaction tx, string sql, (string, object?)[] args, Action<Row, DbDataReader> apply, Dictionary<long, Row> rows)
    {
        using var cmd = SqlCommands.Command(c, tx, sql, args);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            // Children written after the trial rows were read belong to no row we return.
            if (rows.TryGetValue(Convert.ToInt64(r.GetValue(0)), out var row)) apply(row, r);
        }
    }

    private static FrozenTrial ToFrozen(Row r) => new(
        r.TrialId, r.Number, r.State, r.Value, r.Params, r.Distributions, r.Values, r.Attrs,
        r.Start is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
        r.Complete is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
        r.FailReason, ChoiceJson.DeserializeDictionary(r.FixedParams));
}
