using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MlPipeline.Data;
using MlPipeline.Reporting;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Analysis;
using MlPipeline.Tuning.Storage;
using Spectre.Console;

namespace MlPipeline.Cli.Commands;

/// <summary><c>mlpipeline study list|show|export</c>: read a stored study's trials and analyses.</summary>
internal static class StudyCommand
{
    private static readonly JsonSerializerOptions s_json = JsonDefaults.Options;

    public static Command Create()
    {
        var command = new Command("study", "Inspect a stored study");
        command.Subcommands.Add(Sub("list", "One row per trial: number, state, value, duration, parameters", List));
        command.Subcommands.Add(Sub("show", "The study's summary, best trial and parameter importance", Show));
        var export = Sub("export", "Write trials and analyses (history, learning curves, importance, parallel coordinates) as CSV, JSON and PNG", null);
        var output = new Option<string>("--output") { Description = "Directory to write into", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing non-empty --output folder whole" };
        export.Options.Add(output);
        export.Options.Add(overwrite);
        export.SetAction(parse =>
        {
            // Refused before the study is opened, as train does: a non-empty folder needs --overwrite.
            OutputStaging.EnsureWritable(parse.GetValue(output)!, parse.GetValue(overwrite));
            return Export(Open(parse, export), parse.GetValue(output)!, parse.GetValue(overwrite));
        });
        command.Subcommands.Add(export);
        return command;
    }

    private static Command Sub(string name, string description, Func<Study, bool, int>? action)
    {
        var command = new Command(name, description)
        {
            new Option<string>("--study") { Description = "Study name", Required = true },
            new Option<string>("--storage") { Description = "sqlite:PATH, postgresql://… or an Npgsql connection string", Required = true },
            new Option<bool>("--json") { Description = "Machine-readable output" },
        };
        if (action is not null) command.SetAction(parse => action(Open(parse, command), parse.GetValue<bool>("--json")));
        return command;
    }

    private static Study Open(ParseResult parse, Command command)
    {
        var name = parse.GetValue<string>("--study")!;
        var url = parse.GetValue<string>("--storage")!;
        var storage = StudyStorageFactory.Open(url);
        if (storage.FindStudy(name) is null) throw new DataValidationException($"no study named '{name}' in this storage", url);
        return Study.CreateOrLoad(name, storage);
    }

    private static int List(Study study, bool json)
    {
        var trials = study.Trials;
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(trials.Select(Row), s_json));
            return ExitCodes.Ok;
        }
        var table = new Table().Title($"[bold]{Markup.Escape(study.Name)}[/]: {trials.Count} trials")
            .AddColumns("#", "State", "Value", "Seconds", "Parameters");
        foreach (var t in trials)
        {
            table.AddRow(t.Number.ToString(CultureInfo.InvariantCulture), t.State.ToString(), F(t.Value), F(t.Duration?.TotalSeconds),
                Markup.Escape(string.Join(", ", t.Params.Select(p => $"{p.Key}={Format(p.Value)}"))));
        }
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static int Show(Study study, bool json)
    {
        var trials = study.Trials;
        var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
        var best = complete.Count == 0 ? null : study.BestTrial;
        var importance = complete.Count >= 2 ? ParameterImportances.Compute(study) : null;
        var summary = new
        {
            study = study.Name,
            direction = study.Direction.ToString(),
            trials = trials.Count,
            byState = trials.GroupBy(t => t.State.ToString()).ToDictionary(g => g.Key, g => g.Count()),
            best = best is null ? null : Row(best),
            importance = importance?.Items,
        };
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(summary, s_json));
            return ExitCodes.Ok;
        }
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(study.Name)}[/] ({study.Direction}): {trials.Count} trials — " +
            string.Join(", ", summary.byState.Select(kv => $"{kv.Value} {kv.Key.ToLowerInvariant()}")));
        if (best is not null)
        {
            AnsiConsole.MarkupLine($"Best: trial {best.Number}, value {F(best.Value)}");
            AnsiConsole.MarkupLine(Markup.Escape("  " + string.Join(", ", best.Params.Select(p => $"{p.Key}={Format(p.Value)}"))));
        }
        if (importance is not null)
        {
            var table = new Table().Title("Parameter importance (PED-ANOVA)").AddColumns("Parameter", "Importance");
            foreach (var item in importance.Items) table.AddRow(Markup.Escape(item.Name), item.Importance.ToString("F3", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
        }
        return ExitCodes.Ok;
    }

    private static int Export(Study study, string directory, bool overwrite)
    {
        using var staging = new OutputStaging(directory, overwrite);
        File.WriteAllText(staging.PathFor("trials.json"), JsonSerializer.Serialize(study.Trials.Select(Row), s_json));
        var history = OptimizationHistory.Compute(study);
        var curves = IntermediateValues.Compute(study);
        var importance = ParameterImportances.Compute(study);
        var parallel = ParallelCoordinates.Compute(study);
        Write(staging, "history", history.ToCsv(), history.ToJson(), path => AnalysisPlots.SavePng(history, path));
        Write(staging, "intermediate", curves.ToCsv(), curves.ToJson(), path => AnalysisPlots.SavePng(curves, path));
        Write(staging, "importance", importance.ToCsv(), importance.ToJson(), path => AnalysisPlots.SavePng(importance, path));
        Write(staging, "parallel-coordinates", parallel.ToCsv(), parallel.ToJson(), path => AnalysisPlots.SavePng(parallel, path));
        staging.Commit();
        Console.Error.WriteLine($"exported {study.Trials.Count} trials of {study.Name} to {directory}");
        return ExitCodes.Ok;
    }

    private static void Write(OutputStaging staging, string name, string csv, string json, Action<string> png)
    {
        File.WriteAllText(staging.PathFor(name + ".csv"), csv);
        File.WriteAllText(staging.PathFor(name + ".json"), json);
        png(staging.PathFor(name + ".png"));
    }

    private static object Row(FrozenTrial t) => new
    {
        number = t.Number,
        state = t.State.ToString(),
        value = t.Value,
        durationSeconds = t.Duration?.TotalSeconds,
        parameters = t.Params,
        failReason = t.FailReason,
    };

    private static string F(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? "";

    private static string Format(object value) => value is double d ? d.ToString("G4", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
