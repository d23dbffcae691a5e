using MlPipeline.Trainers.Neural;

namespace MlPipeline.Reporting.Plots;

/// <summary>Draws the training and validation loss of a <see cref="TrainingCurve"/> as a PNG.</summary>
internal static class LossCurvePlot
{
    /// <summary>Saves the loss curve to <paramref name="path"/> as PNG.</summary>
    /// <param name="curve">The curve to draw.</param>
    /// <param name="path">Destination PNG file.</param>
    /// <param name="title">Optional title; defaults to the diagnosis.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void SavePng(TrainingCurve curve, string path, string? title = null, int width = 800, int height = 500)
    {
        var plot = new ScottPlot.Plot();
        var epochs = curve.Epochs.Select(e => (double)e.Epoch).ToArray();
        // Non-finite points (a diverged run) would break the axis limits, and a log axis has no zero: both are dropped from the drawing.
        AddSeries(plot, epochs, curve.Epochs.Select(e => e.TrainLoss).ToArray(), "training loss");
        if (curve.Epochs.Count > 0 && curve.Epochs.All(e => e.ValidationLoss.HasValue))
            AddSeries(plot, epochs, curve.Epochs.Select(e => e.ValidationLoss!.Value).ToArray(), "validation loss");
        if (curve.BestEpoch > 0)
        {
            var line = plot.Add.VerticalLine(curve.BestEpoch);
            line.LegendText = $"best epoch {curve.BestEpoch}";
            line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        plot.Title(title ?? $"{curve.Diagnosis}: stopped by {curve.StopReason}");
        plot.XLabel("epoch");
        // A log axis: the first epochs' losses are orders of magnitude above the rest, which would flatten them.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.YLabel("MSE (standardised label), log scale");
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }

    private static void AddSeries(ScottPlot.Plot plot, double[] xs, double[] ys, string label)
    {
        var keep = Enumerable.Range(0, ys.Length).Where(i => double.IsFinite(ys[i]) && ys[i] > 0).ToArray();
        if (keep.Length == 0) return;
        // Drawn as log10 of the loss, labelled with the loss itself (ScottPlot's way to a log axis).
        var scatter = plot.Add.Scatter(keep.Select(i => xs[i]).ToArray(), keep.Select(i => Math.Log10(ys[i])).ToArray());
        scatter.LegendText = label;
        scatter.MarkerSize = 0;
    }
}
