using System.Globalization;
using System.Net;
using System.Text;
using MlPipeline.Experiment;
using MlPipeline.Reporting.Plots;
using MlPipeline.Tuning.Analysis;

namespace MlPipeline.Reporting.Html;

/// <summary>
/// Writes <c>report.html</c>, self-contained (plots embedded as data URIs, no script, no external file), plus
/// each plot as a PNG beside it and <c>feature-importance.json</c>.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>The report's file name.</summary>
    public const string ReportFile = "report.html";

    /// <summary>Writes the report and its plots into the staging area of a run's outputs.</summary>
    public static void Write(ExperimentResult result, string dataPath, OutputStaging staging)
    {
        var plots = new List<(string Title, string File, string Caption)>();
        void Plot(string title, string file, string caption, Action<string> draw)
        {
            draw(staging.PathFor(file));
            plots.Add((title, file, caption));
        }

        var test = result.TestMetrics;
        if (result.TestPredictions.Count > 0)
        {
            Plot("Predicted vs actual (test rows)", "predicted-vs-actual.png", "Each dot is a held-out row; the dashed line is a perfect model.",
                p => EvaluationPlots.SavePredictedVsActual(result.TestLabels, result.TestPredictions, p, $"{result.Winner}: test R² {test.R2:F3}"));
            Plot("Residuals (test rows)", "residuals.png", "Actual − predicted against predicted: a pattern here is structure the model missed.",
                p => EvaluationPlots.SaveResiduals(result.TestLabels, result.TestPredictions, p, $"{result.Winner}: test RMSE {test.Rmse:G5}"));
        }
        IReadOnlyList<(string Column, double RmseIncrease)> importance = [];
        if (result.TestData is { } testData)
        {
            var columns = result.Schema.Features.SelectMany(c => c.LoadedColumnNames);
            // The exported ONNX model, parity-checked against ML.NET, scores the many shuffled copies far faster.
            var onnx = staging.PathFor(ExperimentArtifacts.OnnxFile);
            if (File.Exists(onnx))
            {
                using var scorer = new Onnx.Scoring.OnnxScorer(onnx);
                importance = PermutationImportance.Compute(scorer.Score, testData, result.TestLabels, columns);
            }
            else
            {
                importance = PermutationImportance.Compute(result.Model.Transformer, testData, result.TestLabels, columns);
            }
            File.WriteAllText(staging.PathFor("feature-importance.json"), System.Text.Json.JsonSerializer.Serialize(
                importance.Select(i => new { column = i.Column, rmseIncrease = i.RmseIncrease })));
            Plot("Permutation feature importance", "feature-importance.png", "Increase of test RMSE when one input column is shuffled (top 20).",
                p => EvaluationPlots.SaveBars([.. importance.Take(20).Select(i => (i.Column, i.RmseIncrease))], p, "Permutation importance (test rows)", "RMSE increase"));
        }
        var networks = result.Model.Networks.ToList();
        for (var i = 0; i < networks.Count; i++)
        {
            var network = networks[i];
            var name = network.ResNetOptions is null ? "mlp" : "resnet";
            Plot(i == 0 ? "Training curve of the winning network" : $"Training curve of network {i + 1} in the ensemble",
                i == 0 ? ExperimentArtifacts.LossCurvePng : $"loss-curve-{i + 1}.png", $"{network.Diagnosis}: {network.DiagnosisExplanation} Best epoch {network.Curve.BestEpoch} of {network.Curve.Epochs.Count}.",
                p => LossCurvePlot.SavePng(network.Curve, p, $"{name}: {network.Diagnosis}"));
        }
        if (result.Study is { } trials && EpochCurves(trials) is { Curves.Count: > 0 } curves)
        {
            Plot("Validation loss per epoch of every network trial", "neural-trials.png",
                "First-fold validation loss (standardised label) of each neural trial by epoch; pruned trials stop early.", p => AnalysisPlots.SavePng(curves, p));
        }
        if (result.Study is { } study && study.Trials.Count > 1)
        {
            var history = OptimizationHistory.Compute(study);
            Plot("Optimisation history", "optimization-history.png", "Validation RMSE of each trial and the best so far.", p => AnalysisPlots.SavePng(history, p));
            if (study.Trials.Count(t => t.State == Tuning.TrialState.Complete) >= 3)
            {
                var parameters = ParameterImportances.Compute(study);
                Plot("Hyperparameter importance", "hyperparameter-importance.png", "PED-ANOVA importance of each hyperparameter for reaching the best trials.", p => AnalysisPlots.SavePng(parameters, p));
            }
        }
        File.WriteAllText(staging.PathFor(ReportFile), Render(result, dataPath, staging, plots, importance), Encoding.UTF8);
    }

    private static string Render(ExperimentResult r, string dataPath, OutputStaging staging,
        List<(string Title, string File, string Caption)> plots, IReadOnlyList<(string Column, double RmseIncrease)> importance)
    {
        var html = new StringBuilder();
        var t = r.TestMetrics;
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>MlPipeline report</title><style>")
            .Append("body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:90%}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f0f0f0}td.l,th.l{text-align:left}")
            .Append("img{max-width:100%;border:1px solid #ddd;margin:0.5em 0}figure{margin:1.5em 0}.k{font-size:130%;font-weight:bold}")
            .Append("</style></head><body>");
        html.Append($"<h1>MlPipeline report: {E(Path.GetFileName(dataPath))} → {E(r.Schema.LabelColumn.Name)}</h1>");
        html.Append($"<p class=\"k\">Best: {E(r.Winner)}{(r.Ensemble is { Kept: true } ? "" : $" ({E(r.Best.Family.ToString())})")} — test RMSE {N(t.Rmse)}, MAE {N(t.Mae)}, R² {t.R2.ToString("F4", CultureInfo.InvariantCulture)}{(t.Mape is { } m ? $", MAPE {m.ToString("F2", CultureInfo.InvariantCulture)} %" : "")}</p>");
        if (r.Ensemble is not { Kept: true })
        {
            html.Append($"<p>Hyperparameters: {E(r.Best.HyperParameters.ToString())}. {(r.RefitOnTrainAndValidation ? "Refit on training + validation rows." : "Kept as fitted on the training rows.")}</p>");
        }
        if (r.Ensemble is { } ensemble)
        {
            var members = r.Model.Ensemble?.Members.ToDictionary(m => m.TrialNumber);
            html.Append($"<h2>Ensemble</h2><p>Greedy selection with replacement (Caruana et al. 2004) over the validation predictions of the best {ensemble.Candidates.Length} trials: {E(ensemble.Decision)}.</p>")
                .Append("<table><tr><th>Trial</th><th class=\"l\">Trainer</th><th>Valid RMSE alone</th><th>Weight</th><th class=\"l\">Final fit</th></tr>");
            foreach (var c in ensemble.Members)
            {
                var fit = members is null ? "" : members.TryGetValue(c.TrialNumber, out var member) && member.Refit ? "refit on train + validation" : "first fold's fit";
                html.Append($"<tr><td>{c.TrialNumber}</td><td class=\"l\">{E(c.Trainer)}</td><td>{N(c.ValidationRmse)}</td><td>{c.Weight.ToString("F2", CultureInfo.InvariantCulture)}</td><td class=\"l\">{fit}</td></tr>");
            }
            html.Append("</table>");
        }
        var states = r.Leaderboard.GroupBy(e => e.Status).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        html.Append($"<h2>Budget</h2><p>{N(r.Elapsed.TotalSeconds)} s used of {N(r.Budget.TotalSeconds)} s; trials: {string.Join(", ", states)}{(r.StudyName is null ? "" : $" (study {E(r.StudyName)})")}.</p>");

        html.Append("<h2>Validation protocol</h2>")
            .Append($"<p>Held-out test set: {r.Split.TestRows} rows ({r.Split.TestFraction:P0}, seed {r.Split.Seed}), never seen by the sweep. ")
            .Append($"Models were compared by {E(r.Split.Protocol)}; {(r.Ensemble is { Kept: true } ? "the ensemble's members were refit on all of them as far as the budget allowed (see the Ensemble table)" : r.RefitOnTrainAndValidation ? "the winner was refit on all of them" : "the winner was kept as fitted on the first fold")}.</p>");

        html.Append("<h2>Leaderboard</h2><table><tr><th>#</th><th class=\"l\">Trainer</th><th class=\"l\">Family</th><th class=\"l\">Status</th><th>Valid RMSE</th><th>Valid R²</th><th>Test RMSE</th><th>Test R²</th><th>Train s</th><th class=\"l\">Hyperparameters</th><th class=\"l\">Preprocessing</th></tr>");
        foreach (var e in r.Leaderboard.Take(40))
        {
            html.Append($"<tr><td>{e.Number}</td><td class=\"l\">{E(e.Trainer)}</td><td class=\"l\">{e.Family}</td><td class=\"l\">{e.Status}</td><td>{N(e.Validation?.Rmse)}</td><td>{F4(e.Validation?.R2)}</td><td>{N(e.Test?.Rmse)}</td><td>{F4(e.Test?.R2)}</td><td>{N(e.TrainSeconds)}</td><td class=\"l\">{E(e.HyperParameters.ToString())}</td><td class=\"l\">{E(e.Preprocessing.Describe())}</td></tr>");
        }
        html.Append("</table>");
        if (r.Leaderboard.Length > 40) html.Append($"<p>… and {r.Leaderboard.Length - 40} more trials (leaderboard.csv has them all).</p>");

        html.Append("<h2>Linear vs non-linear</h2><table><tr><th class=\"l\">Family</th><th class=\"l\">Best trainer</th><th>Models</th><th>Valid RMSE</th><th>Test RMSE</th><th>Test R²</th></tr>");
        foreach (var f in r.Families)
        {
            html.Append($"<tr><td class=\"l\">{f.Family}</td><td class=\"l\">{E(f.BestTrainer)}</td><td>{f.ModelsTrained}</td><td>{N(f.Validation.Rmse)}</td><td>{N(f.Test.Rmse)}</td><td>{F4(f.Test.R2)}</td></tr>");
        }
        html.Append("</table>");

        foreach (var (title, file, caption) in plots)
        {
            var data = Convert.ToBase64String(File.ReadAllBytes(staging.PathFor(file)));
            html.Append($"<figure><h2>{E(title)}</h2><img alt=\"{E(title)}\" src=\"data:image/png;base64,{data}\"><figcaption>{E(caption)}</figcaption></figure>");
        }
        if (importance.Count > 0)
        {
            html.Append("<table><tr><th class=\"l\">Column</th><th>Test RMSE increase when shuffled</th></tr>");
            foreach (var (column, increase) in importance.Take(20)) html.Append($"<tr><td class=\"l\">{E(column)}</td><td>{N(increase)}</td></tr>");
            html.Append("</table>");
        }

        html.Append("<h2>Data profile</h2>")
            .Append($"<p>{r.Schema.RowsScanned} rows scanned ({(r.Schema.ScanComplete ? "whole file" : "sample")}); rows without a label, dropped: {r.Schema.RowsWithMissingLabel}. ")
            .Append($"Label outliers in training rows: {r.Outliers.Count} by {E(r.Outliers.Method)}, {(r.Outliers.Dropped ? "dropped" : "kept")}.</p>")
            .Append($"<p>Preprocessing{(r.Ensemble is { Kept: true } ? " of the heaviest member" : "")}: {E(r.Plan.Describe()).Replace("\n", "<br>")}</p>")
            .Append("<table><tr><th class=\"l\">Column</th><th class=\"l\">Role</th><th>Missing</th><th>Distinct</th><th class=\"l\">Why</th></tr>");
        foreach (var c in r.Schema.Columns)
        {
            html.Append($"<tr><td class=\"l\">{E(c.Name)}</td><td class=\"l\">{c.Role}</td><td>{c.MissingCount}</td><td>{c.DistinctCount}</td><td class=\"l\">{E(c.Reason)}</td></tr>");
        }
        html.Append("</table></body></html>");
        return html.ToString();
    }

    /// <summary>The networks' per-epoch curves; trials whose intermediate values are subset fits are left out.</summary>
    private static IntermediateValues EpochCurves(Tuning.Study study)
    {
        var subsetFits = study.Trials
            .Where(t => t.UserAttributes.TryGetValue(TrialObjective.IntermediateValuesAttribute, out var kind) && kind == TrialObjective.SubsetFit)
            .Select(t => t.Number).ToHashSet();
        return new([.. IntermediateValues.Compute(study).Curves.Where(c => c.Points.Count > 0 && !subsetFits.Contains(c.Number))]);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double? value) => value?.ToString("G5", CultureInfo.InvariantCulture) ?? "";

    private static string F4(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? "";
}
