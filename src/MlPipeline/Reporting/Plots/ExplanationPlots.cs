using MlPipeline.Experiment.Explanations;

namespace MlPipeline.Reporting.Plots;

/// <summary>Plots of per-row explanations: a beeswarm of the top columns and a dependence plot per column.</summary>
internal static class ExplanationPlots
{
    /// <summary>
    /// One row of points per column (the top <paramref name="top"/> by mean |contribution|, largest at the top): each
    /// point a row's contribution, jittered vertically, coloured from blue (low value) to red (high value); grey where
    /// the column is not a number.
    /// </summary>
    public static void SaveBeeswarm(ExplanationSummary summary, int top, string path, string title, int width = 760)
    {
        var plot = new ScottPlot.Plot();
        var ranked = summary.Ranking.Take(top).Reverse().ToList();
        var random = new Random(0);
        for (var level = 0; level < ranked.Count; level++)
        {
            var c = summary.Columns.ToList().IndexOf(ranked[level].Column);
            var values = summary.Values.Select(v => v[c]).ToList();
            var known = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
            var (low, high) = known.Count > 0 ? (known.Min(), known.Max()) : (0.0, 0.0);
            for (var r = 0; r < summary.Rows.Count; r++)
            {
                var marker = plot.Add.Marker(summary.Rows[r].Contributions[c], level + (random.NextDouble() - 0.5) * 0.6);
                marker.Size = 4;
                marker.Color = values[r] is { } v && high > low ? Heat((v - low) / (high - low)) : ScottPlot.Colors.Gray;
            }
        }
        plot.Add.VerticalLine(0).LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, ranked.Count).Select(i => (double)i)], [.. ranked.Select(r => r.Column)]);
        plot.Title(title);
        plot.XLabel(summary.LogScale ? "contribution to log(score)" : "contribution to the score");
        plot.SavePng(path, width, Math.Max(320, 80 + 34 * ranked.Count));
    }

    /// <summary>A column's contribution against its value, one point per explained row (rows where it is not a number left out).</summary>
    public static void SaveDependence(ExplanationSummary summary, string column, string path, int width = 520, int height = 380)
    {
        var plot = new ScottPlot.Plot();
        var c = summary.Columns.ToList().IndexOf(column);
        var points = summary.Rows.Select((row, r) => (Value: summary.Values[r][c], Contribution: row.Contributions[c]))
            .Where(p => p.Value.HasValue).ToList();
        if (points.Count > 0)
        {
            var scatter = plot.Add.ScatterPoints(points.Select(p => p.Value!.Value).ToArray(), points.Select(p => p.Contribution).ToArray());
            scatter.MarkerSize = 4;
        }
        plot.Add.HorizontalLine(0).LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Title($"{column}: contribution by value");
        plot.XLabel(column);
        plot.YLabel(summary.LogScale ? "contribution to log(score)" : "contribution");
        plot.SavePng(path, width, height);
    }

    private static ScottPlot.Color Heat(double t) => new((byte)(40 + 200 * t), (byte)60, (byte)(240 - 200 * t));
}
