using System.Globalization;
using MlPipeline.Data;
using MlPipeline.Evaluation;
using MlPipeline.Experiment;
using Spectre.Console;

namespace MlPipeline.Cli.Output;

/// <summary>Renders schema, leaderboard and summaries with Spectre.Console; errors go to standard error on one line.</summary>
internal static class ConsoleOutput
{
    /// <summary>
    /// The width tables and lines are laid out in when standard output is not a terminal: wide enough that none is
    /// wrapped, so a log or file gets each row on one line at its natural width (Spectre.Console would use 80 columns
    /// and break words: "Compl/eted").
    /// </summary>
    internal const int UnwrappedWidth = 4096;

    /// <summary>
    /// When standard output is a file or a pipe, lays Spectre.Console's output out at <see cref="UnwrappedWidth"/>
    /// (colours are already off there). Called once per command line, before any command writes.
    /// </summary>
    public static void Configure()
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = UnwrappedWidth;
    }

    public static void Error(string message) => Console.Error.WriteLine($"error: {message}");

    /// <summary>One line on standard error for a problem that did not fail the command (printed even with --quiet).</summary>
    public static void Warning(string message) => Console.Error.WriteLine($"warning: {message}");

    public static void Schema(DataSchema schema)
    {
        var table = new Table().Title("[bold]Inferred schema[/]").AddColumns("Column", "Role", "Missing", "Distinct", "Why");
        foreach (var c in schema.Columns)
        {
            table.AddRow(Markup.Escape(c.Name), c.Role.ToString(), c.MissingCount.ToString(CultureInfo.InvariantCulture),
                c.DistinctCount.ToString(CultureInfo.InvariantCulture), Markup.Escape(c.Reason));
        }
        AnsiConsole.Write(table);
        foreach (var c in schema.Columns.Where(c => c.UnparsedCount > 0))
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(c.Name)}[/]: not numbers, read as missing: {Markup.Escape(c.DescribeUnparsed())}");
        }
        var scope = schema.ScanComplete ? "whole file" : $"first {schema.RowsScanned:N0} rows";
        AnsiConsole.MarkupLine($"Scanned {schema.RowsScanned:N0} rows ({scope}); rows without a label, dropped: {schema.RowsWithMissingLabel:N0}");
    }

    public static void Result(ExperimentResult result, string outputDirectory)
    {
        var board = new Table().Title("[bold]Leaderboard[/] (selected on validation RMSE; test shown for reference)")
            .AddColumns("#", "Trainer", "Family", "Status", "Valid RMSE", "Valid R²", "Test RMSE", "Test R²", "Train s", "Note");
        var rank = 0;
        foreach (var e in result.Leaderboard)
        {
            board.AddRow(
                e.Status == TrialStatus.Completed ? (++rank).ToString(CultureInfo.InvariantCulture) : "",
                e.Trainer, e.Family.ToString(), e.Status.ToString(),
                F(e.Validation?.Rmse, "G5"), F(e.Validation?.R2, "F4"), F(e.Test?.Rmse, "G5"), F(e.Test?.R2, "F4"),
                e.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture), Markup.Escape(e.Message ?? ""));
        }
        AnsiConsole.Write(board);

        var families = new Table().Title("[bold]Linear vs non-linear[/] (best of each family)")
            .AddColumns("Family", "Best trainer", "Models", "Valid RMSE", "Test RMSE", "Test R²");
        foreach (var f in result.Families)
        {
            families.AddRow(f.Family.ToString(), f.BestTrainer, f.ModelsTrained.ToString(CultureInfo.InvariantCulture),
                F(f.Validation.Rmse, "G5"), F(f.Test.Rmse, "G5"), F(f.Test.R2, "F4"));
        }
        AnsiConsole.Write(families);

        AnsiConsole.MarkupLine($"Validation: {Markup.Escape(result.Split.Protocol)}");
        var t = result.TestMetrics;
        if (result.Ensemble is { } ensemble) AnsiConsole.MarkupLine($"Ensemble: {Markup.Escape(ensemble.Decision)}");
        if (result.Ensemble is { Kept: true } kept)
        {
            AnsiConsole.MarkupLine($"[bold]Best: ensemble[/] ({Markup.Escape(kept.DescribeMembers())}){(result.RefitOnTrainAndValidation ? ", all refit on train + validation" : "")}");
        }
        else
        {
            AnsiConsole.MarkupLine(
                $"[bold]Best: {result.Best.Trainer}[/] ({Markup.Escape(result.Best.HyperParameters.ToString())}){(result.RefitOnTrainAndValidation ? ", refit on train + validation" : "")}");
        }
        AnsiConsole.MarkupLine(
            $"Test ({t.Rows} held-out rows): RMSE {t.Rmse:G6}  MAE {t.Mae:G6}  R² {RegressionQuality.Format(t.R2, "F4")}{(t.Mape is { } m ? $"  MAPE {m:F2}%" : "")}");
        if (result.Model.Network is { } network)
        {
            AnsiConsole.MarkupLine($"Training curve: {network.Diagnosis} — {Markup.Escape(network.DiagnosisExplanation)} (best epoch {network.Curve.BestEpoch} of {network.Curve.Epochs.Count}; loss-curve.png)");
        }
        if (result.Outliers.Count > 0)
        {
            AnsiConsole.MarkupLine($"Label outliers in training rows: {result.Outliers.Count} ({Markup.Escape(result.Outliers.Method)}){(result.Outliers.Dropped ? ", dropped" : ", kept (--drop-label-outliers to drop)")}");
        }
        AnsiConsole.MarkupLine($"Time: {result.Elapsed.TotalSeconds:F1} s of {result.Budget.TotalSeconds:F0} s budget. Outputs in {Markup.Escape(outputDirectory)}");
    }

    private static string F(double? value, string format) => RegressionQuality.Format(value, format, missing: "");
}
