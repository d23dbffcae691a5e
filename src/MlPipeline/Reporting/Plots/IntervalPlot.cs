using MlPipeline.Experiment;

namespace MlPipeline.Reporting.Plots;

/// <summary>The prediction interval of each test row against its actual value: a vertical bar from Lower to Upper, red where it misses.</summary>
internal static class IntervalPlot
{
    /// <summary>Rows drawn at most (an even sample of them), so the bars stay readable.</summary>
    public const int MaxRows = 400;

    public static void SavePng(PredictionInterval interval, IReadOnlyList<float> actual, IReadOnlyList<float> predicted, string path, string title,
        int width = 700, int height = 500)
    {
        var plot = new ScottPlot.Plot();
        var step = Math.Max(1, (actual.Count + MaxRows - 1) / MaxRows);
        var rows = Enumerable.Range(0, actual.Count).Where(i => i % step == 0).ToList();
        bool Covered(int i) => actual[i] >= interval.LowerOf(predicted[i]) && actual[i] <= interval.UpperOf(predicted[i]);
        void Draw(IReadOnlyList<int> group, ScottPlot.Color color, string legend)
        {
            if (group.Count == 0) return;
            double[] xs = [.. group.Select(i => (double)actual[i])], ys = [.. group.Select(i => (double)predicted[i])];
            var bars = plot.Add.ErrorBar(xs, ys, [.. group.Select(_ => (double)interval.HalfWidth)]);
            bars.Color = color;
            var points = plot.Add.ScatterPoints(xs, ys);
            points.MarkerSize = 3;
            points.Color = color;
            points.LegendText = legend;
        }
        var covered = rows.Where(Covered).ToList();
        var missed = rows.Where(i => !Covered(i)).ToList();
        Draw(covered, ScottPlot.Colors.SteelBlue.WithAlpha(0.5), $"interval holds the actual value ({covered.Count})");
        Draw(missed, ScottPlot.Colors.Crimson, $"interval misses it ({missed.Count})");
        var low = rows.Min(i => Math.Min(actual[i], interval.LowerOf(predicted[i])));
        var high = rows.Max(i => Math.Max(actual[i], interval.UpperOf(predicted[i])));
        var identity = plot.Add.Line(low, low, high, high);
        identity.LegendText = "predicted = actual";
        identity.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Title(title);
        plot.XLabel("actual");
        plot.YLabel("predicted, with interval");
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }
}
