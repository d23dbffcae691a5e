using System.CommandLine;
using System.CommandLine.Help;
using MlPipeline.Cli.Commands;
using MlPipeline.Cli.Output;
using MlPipeline.Data;

namespace MlPipeline.Cli;

/// <summary>Builds the command tree and maps failures to one-line errors and exit codes.</summary>
internal static class CliApp
{
    /// <summary>The command's name in help: the tool's command name (ToolCommandName in the project).</summary>
    public const string ToolName = "mlpipeline";

    public static int Run(string[] args)
    {
        // Not RootCommand: it takes its name from the entry assembly, so help said "Usage: MlPipeline.Cli" even when
        // run as the installed `mlpipeline` tool. A plain command with RootCommand's options reads the same everywhere.
        var root = new Command(ToolName, "mlpipeline: AutoML regression for .NET — CSV in, evaluated ML.NET model out.")
        {
            new HelpOption(),
            new VersionOption(),
            TrainCommand.Create(),
            PredictCommand.Create(),
            StudyCommand.Create(),
            WorkerCommand.Create(),
            ServeCommand.Create(),
            CodegenCommand.Create(),
        };
        ConsoleOutput.Configure();
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    /// <summary>Prints the one-line error for <paramref name="e"/> and returns its exit code.</summary>
    public static int Fail(Exception e)
    {
        var (code, message) = e switch
        {
            DataValidationException d => (ExitCodes.BadInput, OptionFlags.Translate(d.Message)),
            Reporting.OutputExistsException x => (ExitCodes.BadInput, x.Message),
            Onnx.OnnxConversionException o => (ExitCodes.Failure, $"ONNX export: {o.Message}"),
            ArgumentException a => (ExitCodes.BadInput, OptionFlags.Translate(a.Message.Split(" (Parameter")[0])),
            OperationCanceledException => (ExitCodes.Failure, "cancelled"),
            _ => (ExitCodes.Failure, e.Message.Split('\n')[0]),
        };
        ConsoleOutput.Error(message);
        // The one-line error is the contract; a fault we did not foresee also needs its stack to be found.
        if (code == ExitCodes.Failure && Environment.GetEnvironmentVariable("MLPIPELINE_TRACE") == "1") Console.Error.WriteLine(e);
        return code;
    }
}
