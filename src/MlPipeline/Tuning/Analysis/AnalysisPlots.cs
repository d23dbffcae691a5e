using ScottPlot;

namespace MlPipeline.Tuning.Analysis;

/// <summary>Renders the analysis records to PNG with ScottPlot 5.</summary>
public static class AnalysisPlots
{
    /// <summary>Objective per trial (markers) and best so far (line).</summary>
    /// <param name="history">The history.</param>
    /// <param name="path">PNG path.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void SavePng(OptimizationHistory history, string path, int width = 800, int height = 500)
    {
        var plot = new Plot();
        var done = history.Points.Where(p => p.Value is not null).ToList();
        if (done.Count > 0)
        {
            var marks = plot.Add.ScatterPoints(done.Select(p => (double)p.Number).ToArray(), done.Select(p => p.Value!.Value).ToArray());
            marks.LegendText = "objective";
            var best = history.Points.Where(p => p.BestSoFar is not null).ToList();
            var line = plot.Add.ScatterLine(best.Select(p => (double)p.Number).ToArray(), best.Select(p => p.BestSoFar!.Value).ToArray());
            line.LegendText = "best so far";
            plot.ShowLegend();
        }

        Finish(plot, "Optimization history", "trial", "objective", path, width, height);
    }

    /// <summary>One line per trial's intermediate values.</summary>
    /// <param name="values">The curves.</param>
    /// <param name="path">PNG path.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void SavePng(IntermediateValues values, string path, int width = 800, int height = 500)
    {
        var plot = new Plot();
        foreach (var c in values.Curves)
        {
            var line = plot.Add.ScatterLine(c.Points.Select(p => (double)p.Step).ToArray(), c.Points.Select(p => p.Value).ToArray());
            if (c.State == TrialState.Pruned) line.LinePattern = LinePattern.Dashed;
        }

        Finish(plot, "Intermediate values (dashed: pruned)", "step", "value", path, width, height);
    }

    /// <summary>Bar chart of importances.</summary>
    /// <param name="importances">The importances.</param>
    /// <param name="path">PNG path.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void SavePng(ParameterImportances importances, string path, int width = 800, int height = 500)
    {
        var plot = new Plot();
        var items = importances.Items;
        if (items.Count > 0)
        {
            plot.Add.Bars(items.Select(i => i.Importance).ToArray());
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, items.Count).Select(i => (double)i).ToArray(), items.Select(i => i.Name).ToArray());
        }

        Finish(plot, "Parameter importance (PED-ANOVA)", "parameter", "importance", path, width, height);
    }

    /// <summary>Parallel coordinates: one line per trial across the normalised parameter axes and the objective.</summary>
    /// <param name="view">The view.</param>
    /// <param name="path">PNG path.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void SavePng(ParallelCoordinates view, string path, int width = 800, int height = 500)
    {
        var plot = new Plot();
        if (view.Rows.Count > 0)
        {
            var lo = view.Rows.Min(r => r.Value);
            var hi = view.Rows.Max(r => r.Value);
            var colormap = new ScottPlot.Colormaps.Viridis();
            foreach (var r in view.Rows)
            {
                var scaled = hi > lo ? (r.Value - lo) / (hi - lo) : 0.5;
                var ys = r.Unit.Select(u => u ?? double.NaN).Append(scaled).ToArray();
                var xs = Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray();
                var keep = ys.Select((y, i) => (y, i)).Where(p => !double.IsNaN(p.y)).ToList();
                var line = plot.Add.ScatterLine(keep.Select(p => xs[p.i]).ToArray(), keep.Select(p => p.y).ToArray());
                line.Color = colormap.GetColor(scaled).WithAlpha(0.6);
            }

            var labels = view.Params.Append("objective").ToArray();
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
        }

        Finish(plot, "Parallel coordinates (colour: objective)", string.Empty, "normalised value", path, width, height);
    }

    private static void Finish(Plot plot, string title, string x, string y, string path, int width, int height)
    {
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        plot.SavePng(path, width, height);
    }
}
