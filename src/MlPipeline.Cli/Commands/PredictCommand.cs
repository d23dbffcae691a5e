using System.CommandLine;
using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Reporting;

namespace MlPipeline.Cli.Commands;

/// <summary><c>mlpipeline predict</c>: score a CSV file with a trained model, one <c>Score</c> per input row, in order.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory (or its model.zip)", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "CSV file to score; the label column may be present or absent", Required = true };
        var output = new Option<string>("--output") { Description = "Predictions CSV to write (one Score column)", DefaultValueFactory = _ => "predictions.csv" };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors" };

        var command = new Command("predict", "Score a CSV file with a trained model") { model, dataset, output, quiet };
        command.SetAction(parse =>
        {
            var loaded = PipelineModel.Load(new MLContext(), parse.GetValue(model)!);
            var scores = loaded.Score(parse.GetValue(dataset)!);
            var outputPath = parse.GetValue(output)!;
            PredictionWriter.Write(outputPath, scores);
            if (!parse.GetValue(quiet)) Console.Error.WriteLine($"wrote {scores.Length} predictions to {outputPath}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
