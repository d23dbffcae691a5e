using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;

namespace MlPipeline.Experiment.Explanations;

/// <summary>
/// Explanations of a sample of rows, for the report: each column's mean |contribution| (the global ranking), and per
/// row the contributions next to the column's value (numbers and booleans; null for categories), which the beeswarm
/// and dependence plots draw.
/// </summary>
/// <param name="Columns">The input columns.</param>
/// <param name="Rows">One explanation per explained row.</param>
/// <param name="Values">Per row, each column's loaded value, or null when it is not a number (a category, a missing cell).</param>
internal sealed record ExplanationSummary(IReadOnlyList<string> Columns, IReadOnlyList<RowExplanation> Rows, IReadOnlyList<double?[]> Values)
{
    /// <summary>Rows a report explains at most: enough for its plots, bounded in time on any data size.</summary>
    public const int MaxRows = 500;

    /// <summary>How the contributions were computed.</summary>
    public string Method { get; init; } = "";

    /// <summary>Whether some contributions are sampled estimates.</summary>
    public bool Sampled { get; init; }

    /// <summary>Whether the contributions explain log(score).</summary>
    public bool LogScale => Rows.Count > 0 && Rows[0].LogScale;

    /// <summary>Each column's mean absolute contribution, largest first.</summary>
    public IReadOnlyList<(string Column, double MeanAbsolute)> Ranking =>
        [.. Columns.Select((c, i) => (c, Rows.Count == 0 ? 0 : Rows.Average(r => Math.Abs(r.Contributions[i])))).OrderByDescending(p => p.Item2)];

    /// <summary>The largest absolute gap between a row's base + Σ contributions and its explained output.</summary>
    public double AdditivityError => Rows.Count == 0 ? 0 : Rows.Max(r => Math.Abs(r.BaseValue + r.Contributions.Sum() - r.Output));

    /// <summary>
    /// Explains the first rows of <paramref name="rows"/>: up to <see cref="MaxRows"/>, as many as fit in
    /// <paramref name="limit"/> judged by the first one (a network's sampled explanations cost far more than a tree's).
    /// </summary>
    public static ExplanationSummary Of(ModelExplainer explainer, DataSchema schema, MLContext ml, IDataView rows, TimeSpan limit)
    {
        // One row first, to time it: a network's sampled Shapley values take a second or more a row, and ten rows
        // before the first look at the clock overran a 60 s run by 16 s.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var explained = explainer.Explain(ml.Data.TakeRows(rows, 1)).ToList();
        var perRow = clock.Elapsed.TotalSeconds;
        var left = (limit - clock.Elapsed).TotalSeconds;
        var more = explained.Count == 0 ? 0 : (int)Math.Clamp(left / Math.Max(1e-9, perRow), 0, MaxRows - 1);
        if (more > 0) explained.AddRange(explainer.Explain(ml.Data.TakeRows(ml.Data.SkipRows(rows, 1), more)));
        var sample = ml.Data.TakeRows(rows, explained.Count);
        var values = explained.Select(_ => new double?[explainer.Columns.Count]).ToArray();
        var byName = schema.Features.ToDictionary(c => c.Name);
        for (var c = 0; c < explainer.Columns.Count; c++)
        {
            var column = byName[explainer.Columns[c]];
            if (column.Role is not (ColumnRole.Numeric or ColumnRole.Boolean)) continue;
            var loaded = sample.GetColumn<float>(column.LoadedName).ToArray();
            for (var r = 0; r < values.Length && r < loaded.Length; r++) values[r][c] = float.IsFinite(loaded[r]) ? loaded[r] : null;
        }
        return new ExplanationSummary(explainer.Columns, explained, values) { Method = explainer.Method, Sampled = explainer.Sampled };
    }
}
