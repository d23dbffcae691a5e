using System.Text.Json;

namespace MlPipeline.Tuning.Analysis;

/// <summary>Parameters of each Complete trial on normalised axes, plus the objective.</summary>
/// <param name="Params">Axis names, in order.</param>
/// <param name="Rows">One row per Complete trial.</param>
public sealed record ParallelCoordinates(IReadOnlyList<string> Params, IReadOnlyList<ParallelCoordinatesRow> Rows)
{
    /// <summary>Builds the view from a study.</summary>
    /// <param name="study">The study.</param>
    /// <returns>The view.</returns>
    public static ParallelCoordinates Compute(IStudyView study)
    {
        var complete = study.GetTrials([TrialState.Complete]).Where(t => t.Value is not null).ToList();
        var names = complete.SelectMany(t => t.Distributions.Keys).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        var rows = complete.Select(t => new ParallelCoordinatesRow(
            t.Number, t.Value!.Value,
            names.Select(n => t.InternalParams.TryGetValue(n, out var v) ? t.Distributions[n].ToUnit(v) : (double?)null).ToList(),
            names.Select(n => t.InternalParams.TryGetValue(n, out var v) ? t.Distributions[n].ToExternal(v) : null).ToList())).ToList();
        return new ParallelCoordinates(names, rows);
    }

    /// <summary>Wide CSV: number, value, then one column per parameter (user-facing values).</summary>
    /// <returns>CSV text.</returns>
    public string ToCsv() => CsvText.Write(
        new[] { "number", "value" }.Concat(Params),
        Rows.Select(r => new object?[] { r.Number, r.Value }.Concat(r.Raw)));

    /// <summary>JSON of this record.</summary>
    /// <returns>JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, AnalysisJson.Options);
}
