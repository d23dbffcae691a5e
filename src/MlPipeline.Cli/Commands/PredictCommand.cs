using System.CommandLine;
using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Reporting;

namespace MlPipeline.Cli.Commands;

/// <summary><c>mlpipeline predict</c>: score a CSV file with a trained model, one <c>Score</c> per input row, in order.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory, its model.zip, or its model.onnx (scored with ONNX Runtime)", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "CSV file to score; the label column may be present or absent", Required = true };
        var output = new Option<string>("--output") { Description = "Predictions CSV to write (Score, then Lower,Upper when the model has an interval)", DefaultValueFactory = _ => "predictions.csv" };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors" };

        var command = new Command("predict", "Score a CSV file with a trained model") { model, dataset, output, quiet };
        command.SetAction(parse =>
        {
            var modelPath = parse.GetValue(model)!;
            float[] scores;
            Predictions? predictions = null;
            if (modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            {
                using var onnx = new OnnxScorer(modelPath);
                scores = onnx.Score(parse.GetValue(dataset)!);
            }
            else
            {
                // Lower and Upper follow Score when the model has a prediction interval.
                predictions = PipelineModel.Load(new MLContext(), modelPath).Predict(parse.GetValue(dataset)!);
                scores = predictions.Score;
            }
            var outputPath = parse.GetValue(output)!;
            PredictionWriter.Write(outputPath, predictions ?? new Predictions(scores, null, null));
            if (!parse.GetValue(quiet)) Console.Error.WriteLine($"wrote {scores.Length} predictions to {outputPath}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
