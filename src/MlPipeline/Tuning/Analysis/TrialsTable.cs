using System.Text.Json;

namespace MlPipeline.Tuning.Analysis;

/// <summary>
/// All trials as one flat table (like Optuna's trials_dataframe): fixed columns, then
/// <c>params_NAME</c> and <c>user_attrs_KEY</c> columns; cells are null where a trial lacks the value.
/// </summary>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">One row per trial, aligned with <paramref name="Columns"/>.</param>
public sealed record TrialsTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>Builds the table from a study.</summary>
    /// <param name="study">The study.</param>
    /// <returns>The table.</returns>
    public static TrialsTable Compute(IStudyView study)
    {
        var trials = study.GetTrials();
        var paramNames = trials.SelectMany(t => t.Distributions.Keys).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        var attrKeys = trials.SelectMany(t => t.UserAttributes.Keys).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        var columns = new[] { "number", "state", "value", "datetime_start", "datetime_complete", "duration_s", "fail_reason" }
            .Concat(paramNames.Select(n => "params_" + n)).Concat(attrKeys.Select(k => "user_attrs_" + k)).ToList();
        var rows = trials.Select(t =>
        {
            var p = t.Params;
            return (IReadOnlyList<object?>)new object?[]
                {
                    t.Number, t.State.ToString(), t.Value, t.DatetimeStart?.ToString("O"), t.DatetimeComplete?.ToString("O"),
                    t.Duration?.TotalSeconds, t.FailReason,
                }
                .Concat(paramNames.Select(n => p.GetValueOrDefault(n)))
                .Concat(attrKeys.Select(k => (object?)t.UserAttributes.GetValueOrDefault(k))).ToList();
        }).ToList();
        return new TrialsTable(columns, rows);
    }

    /// <summary>CSV with a header row.</summary>
    /// <returns>CSV text.</returns>
    public string ToCsv() => CsvText.Write(Columns, Rows);

    /// <summary>JSON array of objects keyed by column.</summary>
    /// <returns>JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(
        Rows.Select(r => Columns.Zip(r).ToDictionary(z => z.First, z => z.Second)), AnalysisJson.Options);
}
