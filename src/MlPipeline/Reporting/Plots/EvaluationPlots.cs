namespace MlPipeline.Reporting.Plots;

/// <summary>Test-set plots of a fitted model: predicted against actual, residuals, and feature importance.</summary>
internal static class EvaluationPlots
{
    /// <summary>Predicted against actual values, with the identity line a perfect model would sit on.</summary>
    public static void SavePredictedVsActual(IReadOnlyList<float> actual, IReadOnlyList<float> predicted, string path, string title, int width = 700, int height = 500)
    {
        var plot = new ScottPlot.Plot();
        var rows = Drawn(actual.Count);
        var xs = rows.Select(i => (double)actual[i]).ToArray();
        var ys = rows.Select(i => (double)predicted[i]).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.MarkerSize = 4;
        points.LegendText = rows.Count < actual.Count ? $"test rows (an even sample: {rows.Count:N0} of {actual.Count:N0})" : "test rows";
        var low = Math.Min(xs.Min(), ys.Min());
        var high = Math.Max(xs.Max(), ys.Max());
        var identity = plot.Add.Line(low, low, high, high);
        identity.LegendText = "predicted = actual";
        identity.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Title(title);
        plot.XLabel("actual");
        plot.YLabel("predicted");
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }

    /// <summary>Residuals (actual − predicted) against predicted values; structure here is what the model missed.</summary>
    public static void SaveResiduals(IReadOnlyList<float> actual, IReadOnlyList<float> predicted, string path, string title, int width = 700, int height = 500)
    {
        var plot = new ScottPlot.Plot();
        var rows = Drawn(actual.Count);
        var xs = rows.Select(i => (double)predicted[i]).ToArray();
        var ys = rows.Select(i => (double)actual[i] - predicted[i]).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.MarkerSize = 4;
        if (rows.Count < actual.Count)
        {
            points.LegendText = $"test rows (an even sample: {rows.Count:N0} of {actual.Count:N0})";
            plot.ShowLegend();
        }
        plot.Add.HorizontalLine(0).LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("residual (actual − predicted)");
        plot.SavePng(path, width, height);
    }

    /// <summary>Points drawn at most in a scatter (an even sample of the rows): more add ink, not information, and time.</summary>
    public const int MaxPoints = 20_000;

    private static List<int> Drawn(int rows)
    {
        var step = Math.Max(1, (rows + MaxPoints - 1) / MaxPoints);
        return [.. Enumerable.Range(0, rows).Where(i => i % step == 0)];
    }

    /// <summary>A horizontal bar per item, largest at the top.</summary>
    public static void SaveBars(IReadOnlyList<(string Name, double Value)> items, string path, string title, string valueLabel, int width = 700, int height = 500)
    {
        var plot = new ScottPlot.Plot();
        var ordered = items.OrderBy(i => i.Value).ToArray();
        var bars = plot.Add.Bars(ordered.Select(i => i.Value).ToArray());
        bars.Horizontal = true;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, ordered.Length).Select(i => (double)i)], [.. ordered.Select(i => i.Name)]);
        plot.Title(title);
        plot.XLabel(valueLabel);
        plot.SavePng(path, width, Math.Max(height, 60 + 22 * ordered.Length));
    }
}
