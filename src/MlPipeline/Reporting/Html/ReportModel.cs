using MlPipeline.Data;
using MlPipeline.Evaluation;
using MlPipeline.Experiment;
using MlPipeline.Trainers;

namespace MlPipeline.Reporting.Html;

/// <summary>What <c>report.html</c> shows, as numbers and names: computed by <see cref="ReportBuilder"/>, rendered by <see cref="HtmlReportWriter"/>.</summary>
/// <param name="Headline">The winner and its test metrics.</param>
/// <param name="Ensemble">Ensemble selection, when it ran.</param>
/// <param name="Budget">Time used and trial counts.</param>
/// <param name="Protocol">How models were compared and the final one fitted.</param>
/// <param name="Leaderboard">The first trials of the leaderboard.</param>
/// <param name="MoreTrials">Trials left out of <paramref name="Leaderboard"/>.</param>
/// <param name="Families">The best model of each family.</param>
/// <param name="Plots">The plots drawn, in report order.</param>
/// <param name="Importance">Permutation importance of every input column, largest first; null without test rows.</param>
/// <param name="Data">What the data looked like.</param>
/// <param name="LinearModel">The best linear model's coefficients per input column, when a linear trial completed.</param>
internal sealed record ReportModel(
    ReportHeadline Headline,
    ReportEnsemble? Ensemble,
    ReportBudget Budget,
    ReportProtocol Protocol,
    IReadOnlyList<ReportLeaderboardRow> Leaderboard,
    int MoreTrials,
    IReadOnlyList<FamilySummary> Families,
    IReadOnlyList<ReportPlot> Plots,
    IReadOnlyList<ColumnImportance>? Importance,
    ReportDataProfile Data,
    LinearCoefficients? LinearModel)
{
    /// <summary>What became of the ONNX export; null when none was attempted.</summary>
    public Onnx.OnnxExportOutcome? Onnx { get; init; }

    /// <summary>The prediction interval and its coverage on the test rows; null when none was asked for.</summary>
    public Metrics.IntervalMetrics? Interval { get; init; }

    /// <summary>How the test rows' predictions were explained, or why they were not; null when not attempted.</summary>
    public Metrics.ExplanationMetrics? Explanations { get; init; }
}

/// <summary>The report's first line.</summary>
/// <param name="Dataset">The data file's name.</param>
/// <param name="Label">The label column.</param>
/// <param name="Winner">"ensemble" or the best single trainer.</param>
/// <param name="Family">The winner's family; null for a kept ensemble.</param>
/// <param name="Test">The final model's test metrics.</param>
/// <param name="HyperParameters">The single winner's hyperparameters; null for a kept ensemble.</param>
/// <param name="Refit">Whether the final model was refit on train + validation rows.</param>
internal sealed record ReportHeadline(string Dataset, string Label, string Winner, TrainerFamily? Family, RegressionQuality Test, string? HyperParameters, bool Refit);

/// <summary>Ensemble selection.</summary>
/// <param name="Candidates">Trials selection chose from.</param>
/// <param name="Decision">Kept or not, and why.</param>
/// <param name="Members">Members with positive weight, heaviest first.</param>
internal sealed record ReportEnsemble(int Candidates, string Decision, IReadOnlyList<ReportEnsembleMember> Members);

/// <summary>One ensemble member.</summary>
/// <param name="TrialNumber">Its trial.</param>
/// <param name="Trainer">Its trainer.</param>
/// <param name="ValidationRmse">Its validation RMSE alone.</param>
/// <param name="Weight">Its weight in the ensemble.</param>
/// <param name="Refit">Whether the final model's member was refit on train + validation; null when the final model is no ensemble.</param>
internal sealed record ReportEnsembleMember(int TrialNumber, string Trainer, double ValidationRmse, double Weight, bool? Refit);

/// <summary>Time used, how the trials ended, and the trainers the sweep left out.</summary>
internal sealed record ReportBudget(double ElapsedSeconds, double BudgetSeconds, IReadOnlyList<ReportTrialCount> Trials, string? StudyName,
    IReadOnlyList<LeftOutTrainer> LeftOut);

/// <summary>How many trials ended with one status.</summary>
internal sealed record ReportTrialCount(TrialStatus Status, int Count);

/// <summary>The validation protocol.</summary>
internal sealed record ReportProtocol(long TestRows, double TestFraction, int Seed, string Comparison, bool EnsembleKept, bool Refit);

/// <summary>One leaderboard row.</summary>
internal sealed record ReportLeaderboardRow(
    int Number, string Trainer, TrainerFamily Family, TrialStatus Status,
    double? ValidationRmse, double? ValidationR2, double? TestRmse, double? TestR2, double TrainSeconds,
    string HyperParameters, string Preprocessing);

/// <summary>A plot drawn beside the report.</summary>
/// <param name="Title">Heading.</param>
/// <param name="File">PNG file name in the output directory.</param>
/// <param name="Caption">What it shows.</param>
internal sealed record ReportPlot(string Title, string File, string Caption);

/// <summary>RMSE increase on the test rows when one input column is shuffled; written to <c>feature-importance.json</c>.</summary>
/// <param name="Column">The input column.</param>
/// <param name="RmseIncrease">Test RMSE with the column shuffled minus test RMSE as it is.</param>
/// <param name="Rows">Test rows it was measured on (the first ones): fewer than all when scoring all once per column would overrun the budget.</param>
internal sealed record ColumnImportance(string Column, double RmseIncrease, int Rows);

/// <summary>The data profile.</summary>
internal sealed record ReportDataProfile(
    long RowsScanned, bool ScanComplete, long RowsWithMissingLabel,
    long Outliers, string OutlierMethod, bool OutliersDropped,
    string Preprocessing, bool EnsembleKept, IReadOnlyList<ColumnSchema> Columns);
