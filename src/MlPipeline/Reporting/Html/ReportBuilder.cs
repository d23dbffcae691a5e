using MlPipeline.Experiment;
using MlPipeline.Experiment.Explanations;
using MlPipeline.Reporting.Plots;
using MlPipeline.Tuning.Analysis;

namespace MlPipeline.Reporting.Html;

/// <summary>
/// Computes what the report shows from a run: permutation importance (with the exported ONNX model when there is
/// one) and the plots, drawn into the staging area; <see cref="HtmlReportWriter"/> only renders the result.
/// </summary>
internal static class ReportBuilder
{
    /// <summary>Rows of the leaderboard shown; <c>leaderboard.csv</c> has them all.</summary>
    public const int LeaderboardRows = 40;

    /// <summary>Top columns a beeswarm shows, and columns that get a dependence plot.</summary>
    private const int BeeswarmColumns = 12, DependenceColumns = 3;

    public static ReportModel Build(ExperimentResult result, string dataPath, OutputStaging staging, ExplanationSummary? explanations = null)
    {
        var plots = new List<ReportPlot>();
        void Plot(string title, string file, string caption, Action<string> draw)
        {
            draw(staging.PathFor(file));
            plots.Add(new ReportPlot(title, file, caption));
        }

        var test = result.TestMetrics;
        if (result.TestPredictions.Count > 0)
        {
            Plot("Predicted vs actual (test rows)", "predicted-vs-actual.png", "Each dot is a held-out row; the dashed line is a perfect model.",
                p => EvaluationPlots.SavePredictedVsActual(result.TestLabels, result.TestPredictions, p, $"{result.Winner}: test R² {Evaluation.RegressionQuality.Format(test.R2, "F3")}"));
            Plot("Residuals (test rows)", "residuals.png", "Actual − predicted against predicted: a pattern here is structure the model missed.",
                p => EvaluationPlots.SaveResiduals(result.TestLabels, result.TestPredictions, p, $"{result.Winner}: test RMSE {test.Rmse:G5}"));
            if (result.Model.Interval is { } interval && Metrics.IntervalMetrics.From(result) is { TestCoverage: { } coverage })
            {
                Plot("Prediction intervals (test rows)", "prediction-intervals.png",
                    $"Each bar is a held-out row's {interval.Level:P0} interval (Score ± {interval.HalfWidth:G4}) at its actual value; red bars miss it (at most {IntervalPlot.MaxRows} rows drawn).",
                    p => IntervalPlot.SavePng(interval, result.TestLabels, result.TestPredictions, p, $"{result.Winner}: {coverage:P1} of test rows covered, nominal {interval.Level:P0}"));
            }
        }
        var importance = Importance(result, staging);
        if (importance is not null)
        {
            var rows = importance.Count > 0 ? importance[0].Rows : 0;
            var of = rows < result.TestLabels.Count ? $"the first {rows} of {result.TestLabels.Count}" : $"all {rows}";
            Plot("Permutation feature importance", "feature-importance.png", $"Increase of test RMSE when one input column is shuffled, measured on {of} test rows (top 20).",
                p => EvaluationPlots.SaveBars([.. importance.Take(20).Select(i => (i.Column, i.RmseIncrease))], p, "Permutation importance (test rows)", "RMSE increase"));
        }
        if (explanations is { Rows.Count: > 0 } e)
        {
            var scale = e.LogScale ? "log(score)" : "score";
            Plot("Contributions by column (test rows)", "contributions.png",
                $"Mean |contribution| of each input column to the {scale} over {e.Rows.Count} test rows (top 20): base value + contributions = the prediction; {e.Method}.",
                p => EvaluationPlots.SaveBars([.. e.Ranking.Take(20)], p, "Mean |contribution| (test rows)", $"contribution to the {scale}"));
            Plot("Contributions of the top columns, row by row", "contributions-beeswarm.png",
                "Each dot is a test row's contribution from that column, coloured from blue (low value) to red (high value); grey where the column is a category.",
                p => ExplanationPlots.SaveBeeswarm(e, BeeswarmColumns, p, $"{result.Winner}: contributions by column"));
            var numeric = e.Ranking.Select(r => r.Column).Where(c => e.Values.Any(v => v[e.Columns.ToList().IndexOf(c)].HasValue)).Take(DependenceColumns).ToList();
            for (var i = 0; i < numeric.Count; i++)
            {
                var column = numeric[i];
                Plot($"Dependence on {column}", $"dependence-{i + 1}.png", $"The contribution of {column} against its value, one dot per explained test row.",
                    p => ExplanationPlots.SaveDependence(e, column, p));
            }
        }
        var networks = result.Model.Networks.ToList();
        for (var i = 0; i < networks.Count; i++)
        {
            var network = networks[i];
            var name = network.Architecture.Kind;
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
        return Model(result, dataPath, plots, importance);
    }

    /// <summary>The numbers of the report, the plots already drawn.</summary>
    internal static ReportModel Model(ExperimentResult r, string dataPath, IReadOnlyList<ReportPlot> plots, IReadOnlyList<ColumnImportance>? importance)
    {
        var kept = r.Ensemble is { Kept: true };
        // A member not refit in time is its fold models (several members of one trial): refit only if all are.
        var fitted = r.Model.Ensemble?.Members.GroupBy(m => m.TrialNumber).ToDictionary(g => g.Key, g => g.All(m => m.Refit));
        var report = new ReportModel(
            new ReportHeadline(Path.GetFileName(dataPath), r.Schema.LabelColumn.Name, r.Winner, kept ? null : r.Best.Family, r.TestMetrics,
                kept ? null : r.Best.HyperParameters.ToString(), r.RefitOnTrainAndValidation),
            r.Ensemble is { } ensemble
                ? new ReportEnsemble(ensemble.Candidates.Length, ensemble.Decision, [.. ensemble.Members.Select(c => new ReportEnsembleMember(
                    c.TrialNumber, c.Trainer, c.ValidationRmse, c.Weight,
                    fitted is null ? null : fitted.TryGetValue(c.TrialNumber, out var refit) && refit))])
                : null,
            new ReportBudget(r.Elapsed.TotalSeconds, r.Budget.TotalSeconds,
                [.. r.Leaderboard.GroupBy(e => e.Status).Select(g => new ReportTrialCount(g.Key, g.Count()))], r.StudyName, r.LeftOut),
            new ReportProtocol(r.Split.TestRows, r.Split.TestFraction, r.Split.Seed, r.Split.Protocol, kept, r.RefitOnTrainAndValidation),
            [.. r.Leaderboard.Take(LeaderboardRows).Select(e => new ReportLeaderboardRow(
                e.Number, e.Trainer, e.Family, e.Status, e.Validation?.Rmse, e.Validation?.R2, e.Test?.Rmse, e.Test?.R2, e.TrainSeconds,
                e.HyperParameters.ToString(), e.Preprocessing.Describe()))],
            Math.Max(0, r.Leaderboard.Length - LeaderboardRows),
            [.. r.Families],
            plots,
            importance,
            new ReportDataProfile(r.Schema.RowsScanned, r.Schema.ScanComplete, r.Schema.RowsWithMissingLabel,
                r.Outliers.Count, r.Outliers.Method, r.Outliers.Dropped, r.Plan.Describe(), kept, r.Schema.Columns),
            r.LinearModel);
        return report with { Interval = Metrics.IntervalMetrics.From(r) };
    }

    private static IReadOnlyList<ColumnImportance>? Importance(ExperimentResult result, OutputStaging staging)
    {
        if (result.TestData is not { } testData) return null;
        string[] columns = [.. result.Schema.Features.SelectMany(c => c.LoadedColumnNames)];
        var limit = ExperimentArtifacts.AnalysisLimit(result.Budget);
        // The exported ONNX model, parity-checked against ML.NET, scores the many shuffled copies far faster.
        var onnx = staging.PathFor(ExperimentArtifacts.OnnxFile);
        PermutationImportanceResult importance;
        if (File.Exists(onnx))
        {
            using var scorer = new Onnx.Scoring.OnnxScorer(onnx);
            importance = PermutationImportance.Compute(scorer.Score, testData, result.TestLabels, columns, limit);
        }
        else
        {
            importance = PermutationImportance.Compute(result.Model.Transformer, testData, result.TestLabels, columns, limit);
        }
        return [.. importance.Columns.Select(i => new ColumnImportance(i.Column, i.RmseIncrease, importance.Rows))];
    }

    /// <summary>The networks' per-epoch curves; trials whose intermediate values are subset fits are left out.</summary>
    internal static IntermediateValues EpochCurves(Tuning.Study study)
    {
        var subsetFits = study.Trials
            .Where(t => t.UserAttributes.TryGetValue(TrialObjective.IntermediateValuesAttribute, out var kind) && kind == TrialObjective.SubsetFit)
            .Select(t => t.Number).ToHashSet();
        return new([.. IntermediateValues.Compute(study).Curves.Where(c => c.Points.Count > 0 && !subsetFits.Contains(c.Number))]);
    }
}
