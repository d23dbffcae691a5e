using System.Globalization;
using System.Net;
using System.Text;

namespace MlPipeline.Reporting.Html;

/// <summary>
/// Renders <c>report.html</c> from a <see cref="ReportModel"/>: self-contained (plots embedded as data URIs, no
/// script, no external file).
/// </summary>
internal static class HtmlReportWriter
{
    /// <summary>The report's file name.</summary>
    public const string ReportFile = "report.html";

    /// <summary>Writes the report into the staging area of a run's outputs, where its plots were drawn.</summary>
    public static void Write(ReportModel model, OutputStaging staging) =>
        File.WriteAllText(staging.PathFor(ReportFile), Render(model, file => File.ReadAllBytes(staging.PathFor(file))), Encoding.UTF8);

    /// <summary>The HTML of <paramref name="r"/>; <paramref name="png"/> reads a plot's file.</summary>
    public static string Render(ReportModel r, Func<string, byte[]> png)
    {
        var html = new StringBuilder();
        var h = r.Headline;
        var t = h.Test;
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>MlPipeline report</title><style>")
            .Append("body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:90%}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f0f0f0}td.l,th.l{text-align:left}")
            .Append("img{max-width:100%;border:1px solid #ddd;margin:0.5em 0}figure{margin:1.5em 0}.k{font-size:130%;font-weight:bold}")
            .Append("</style></head><body>");
        html.Append($"<h1>MlPipeline report: {E(h.Dataset)} → {E(h.Label)}</h1>");
        html.Append($"<p class=\"k\">Best: {E(h.Winner)}{(h.Family is { } family ? $" ({E(family.ToString())})" : "")} — test RMSE {N(t.Rmse)}, MAE {N(t.Mae)}, R² {Evaluation.RegressionQuality.Format(t.R2, "F4")}{(t.Mape is { } m ? $", MAPE {m.ToString("F2", CultureInfo.InvariantCulture)} %" : "")}</p>");
        if (r.Onnx is { } onnx)
        {
            html.Append(onnx.Written
                ? $"<p>ONNX: model.onnx written; ONNX Runtime reproduces ML.NET on {onnx.Parity!.Rows} rows ({(onnx.Parity.Rows < r.Protocol.TestRows ? $"a sample: the first test rows of {r.Protocol.TestRows}, and probe rows" : "the test rows and probe rows")}) within {N(onnx.Parity.MaxRelativeError)} of the training label range (tolerance {N(onnx.Parity.Tolerance)}).</p>"
                : $"<p class=\"warn\"><b>ONNX: model.onnx was not written</b> — {E(onnx.Reason ?? "")}. Every other output is complete; model.zip scores as the metrics say.</p>");
        }
        if (h.HyperParameters is { } hyperParameters)
        {
            html.Append($"<p>Hyperparameters: {E(hyperParameters)}. {(h.Refit ? "Refit on training + validation rows." : "Kept as fitted on the training rows.")}</p>");
        }
        if (r.Ensemble is { } ensemble)
        {
            html.Append($"<h2>Ensemble</h2><p>Greedy selection with replacement (Caruana et al. 2004) over the validation predictions of the best {ensemble.Candidates} trials: {E(ensemble.Decision)}.</p>")
                .Append("<table><tr><th>Trial</th><th class=\"l\">Trainer</th><th>Valid RMSE alone</th><th>Weight</th><th class=\"l\">Final fit</th></tr>");
            foreach (var c in ensemble.Members)
            {
                var fit = c.Refit switch { null => "", true => "refit on train + validation", false => "first fold's fit" };
                html.Append($"<tr><td>{c.TrialNumber}</td><td class=\"l\">{E(c.Trainer)}</td><td>{N(c.ValidationRmse)}</td><td>{c.Weight.ToString("F2", CultureInfo.InvariantCulture)}</td><td class=\"l\">{fit}</td></tr>");
            }
            html.Append("</table>");
        }
        var b = r.Budget;
        var states = b.Trials.Select(s => $"{s.Count} {s.Status.ToString().ToLowerInvariant()}");
        html.Append($"<h2>Budget</h2><p>{N(b.ElapsedSeconds)} s used of {N(b.BudgetSeconds)} s; trials: {string.Join(", ", states)}{(b.StudyName is null ? "" : $" (study {E(b.StudyName)})")}.</p>");
        if (b.LeftOut.Count > 0)
        {
            html.Append($"<p>Not run: {string.Join(", ", b.LeftOut.Select(l => $"{E(l.Trainer)} (~{l.EstimatedSeconds:F0} s estimated)"))}: {E(b.LeftOut[0].Reason)}.</p>");
        }

        var p = r.Protocol;
        html.Append("<h2>Validation protocol</h2>")
            .Append($"<p>Held-out test set: {p.TestRows} rows ({p.TestFraction:P0}, seed {p.Seed}), never seen by the sweep. ")
            .Append($"Models were compared by {E(p.Comparison)}; {(p.EnsembleKept ? "the ensemble's members were refit on all of them as far as the budget allowed (see the Ensemble table)" : p.Refit ? "the winner was refit on all of them" : "the winner was kept as fitted on the first fold")}.</p>");

        if (r.Interval is { } interval) html.Append(Interval(interval));
        if (r.Explanations is { } explanations) html.Append(Explanations(explanations));

        html.Append("<h2>Leaderboard</h2><table><tr><th>#</th><th class=\"l\">Trainer</th><th class=\"l\">Family</th><th class=\"l\">Status</th><th>Valid RMSE</th><th>Valid R²</th><th>Test RMSE</th><th>Test R²</th><th>Train s</th><th class=\"l\">Hyperparameters</th><th class=\"l\">Preprocessing</th></tr>");
        foreach (var e in r.Leaderboard)
        {
            html.Append($"<tr><td>{e.Number}</td><td class=\"l\">{E(e.Trainer)}</td><td class=\"l\">{e.Family}</td><td class=\"l\">{e.Status}</td><td>{N(e.ValidationRmse)}</td><td>{F4(e.ValidationR2)}</td><td>{N(e.TestRmse)}</td><td>{F4(e.TestR2)}</td><td>{N(e.TrainSeconds)}</td><td class=\"l\">{E(e.HyperParameters)}</td><td class=\"l\">{E(e.Preprocessing)}</td></tr>");
        }
        html.Append("</table>");
        if (r.MoreTrials > 0) html.Append($"<p>… and {r.MoreTrials} more trials (leaderboard.csv has them all).</p>");

        html.Append("<h2>Linear vs non-linear</h2><table><tr><th class=\"l\">Family</th><th class=\"l\">Best trainer</th><th>Models</th><th>Valid RMSE</th><th>Test RMSE</th><th>Test R²</th></tr>");
        foreach (var f in r.Families)
        {
            html.Append($"<tr><td class=\"l\">{f.Family}</td><td class=\"l\">{E(f.BestTrainer)}</td><td>{f.ModelsTrained}</td><td>{N(f.Validation.Rmse)}</td><td>{N(f.Test.Rmse)}</td><td>{F4(f.Test.R2)}</td></tr>");
        }
        html.Append("</table>");
        if (r.LinearModel is { } linear)
        {
            html.Append($"<h3>Coefficients of the best linear model (#{linear.TrialNumber} {E(linear.Trainer)})</h3>")
                .Append($"<p>In the raw inputs' units{(linear.LogLink ? ", on the log scale of the prediction (Poisson)" : "")}: per unit of a number, per kept category against the \"other\" code, for a missing value. Intercept {N(linear.Intercept)}. Columns by total |coefficient|, top {LinearColumns}.</p>")
                .Append("<table><tr><th class=\"l\">Column</th><th class=\"l\">Slot</th><th>Coefficient</th></tr>");
            foreach (var column in linear.Columns.Take(LinearColumns))
            {
                foreach (var slot in column.Slots) html.Append($"<tr><td class=\"l\">{E(column.Column)}</td><td class=\"l\">{E(slot.Slot)}</td><td>{N(slot.Weight)}</td></tr>");
            }
            html.Append("</table>");
        }

        foreach (var plot in r.Plots)
        {
            var data = Convert.ToBase64String(png(plot.File));
            html.Append($"<figure><h2>{E(plot.Title)}</h2><img alt=\"{E(plot.Title)}\" src=\"data:image/png;base64,{data}\"><figcaption>{E(plot.Caption)}</figcaption></figure>");
        }
        if (r.Importance is { Count: > 0 } importance)
        {
            html.Append("<table><tr><th class=\"l\">Column</th><th>Test RMSE increase when shuffled</th></tr>");
            foreach (var i in importance.Take(20)) html.Append($"<tr><td class=\"l\">{E(i.Column)}</td><td>{N(i.RmseIncrease)}</td></tr>");
            html.Append("</table>");
        }

        var d = r.Data;
        html.Append("<h2>Data profile</h2>")
            .Append($"<p>{d.RowsScanned} rows scanned ({(d.ScanComplete ? "whole file" : "sample")}); rows without a label, dropped: {d.RowsWithMissingLabel}. ")
            .Append($"Label outliers in training rows: {d.Outliers} by {E(d.OutlierMethod)}, {(d.OutliersDropped ? "dropped" : "kept")}.</p>")
            .Append($"<p>Preprocessing{(d.EnsembleKept ? " of the heaviest member" : "")}: {E(d.Preprocessing).Replace("\n", "<br>")}</p>")
            .Append("<table><tr><th class=\"l\">Column</th><th class=\"l\">Role</th><th>Missing</th><th>Distinct</th><th class=\"l\">Why</th>");
        // The column appears only when a cell was dropped, so reports of clean data stay as they were.
        var unparsed = d.Columns.Any(c => c.UnparsedCount > 0);
        html.Append(unparsed ? "<th class=\"l\">Not numbers (read as missing)</th></tr>" : "</tr>");
        foreach (var c in d.Columns)
        {
            html.Append($"<tr><td class=\"l\">{E(c.Name)}</td><td class=\"l\">{c.Role}</td><td>{c.MissingCount}</td><td>{c.DistinctCount}</td><td class=\"l\">{E(c.Reason)}</td>")
                .Append(unparsed ? $"<td class=\"l\">{E(c.DescribeUnparsed())}</td></tr>" : "</tr>");
        }
        html.Append("</table></body></html>");
        return html.ToString();
    }

    private const int LinearColumns = 20;

    private static string Interval(Metrics.IntervalMetrics i)
    {
        if (i.Level is not { } level) return $"<h2>Prediction interval</h2><p>{E(i.Reason ?? "")}.</p>";
        var guarantee = i.Exact == true
            ? "split conformal prediction's finite-sample guarantee holds: coverage at least the nominal level on average over new rows like these"
            : "its coverage is approximate: the final model is not exactly the one the residuals came from (refit, bagged or an ensemble whose weights were chosen on the same rows)";
        return new StringBuilder("<h2>Prediction interval</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p>{level:P0} interval Score ± {N(i.HalfWidth)}, calibrated by {E(i.Method ?? "")} on {i.CalibrationRows} out-of-fold validation residuals, never on test rows; {guarantee}.</p>")
            .Append("<table><tr><th>Nominal</th><th>Test coverage</th><th>Mean width</th><th>Width / label sd</th></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td>{level:P1}</td><td>{(i.TestCoverage is { } c ? c.ToString("P1", CultureInfo.InvariantCulture) : "")}</td><td>{N(i.TestMeanWidth)}</td><td>{F4(i.TestWidthOverLabelSd)}</td></tr></table>")
            .ToString();
    }

    private static string Explanations(Metrics.ExplanationMetrics x)
    {
        if (x.Rows is not { } rows) return $"<h2>Explanations</h2><p>The predictions are not explained: {E(x.Reason ?? "")}.</p>";
        return new StringBuilder("<h2>Explanations</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p>Each of {rows} test rows' prediction is split into one contribution per input column (one-hot categories and missing indicators summed back to their column): ")
            .Append(CultureInfo.InvariantCulture, $"base value {N(x.MeanBaseValue)} + contributions = the {E(x.Scale ?? "score")}, to within {x.AdditivityError:G2}. Method: {E(x.Method ?? "")}. ")
            .Append("<code>predict --explain K</code> writes each row's K largest contributions; the plots below show them for the test rows.</p>")
            .ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double? value) => Evaluation.RegressionQuality.Format(value, "G5", missing: "");

    private static string F4(double? value) => Evaluation.RegressionQuality.Format(value, "F4", missing: "");
}
