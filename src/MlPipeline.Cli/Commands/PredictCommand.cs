using System.CommandLine;
using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Reporting;
using MlPipeline.Runtime;

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
                scores = ScoreOnnx(modelPath, parse.GetValue(dataset)!);
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

    /// <summary>Scores with <see cref="OnnxModel"/>, stray text in a number column read as missing as model.zip reads it.</summary>
    private static float[] ScoreOnnx(string modelPath, string csvPath)
    {
        try
        {
            using var onnx = new OnnxModel(modelPath, new OnnxModelOptions { IntraOpThreads = Environment.ProcessorCount, UnparsableNumberIsMissing = true });
            if (!File.Exists(csvPath)) throw new DataValidationException(Directory.Exists(csvPath) ? "is a directory, not a CSV file" : "file not found", csvPath);
            using var reader = new StreamReader(csvPath);
            return [.. onnx.ScoreCsv(reader).Select(p => p.Score)];
        }
        catch (ModelLoadException e)
        {
            throw new DataValidationException(e.Reason, e.Path);
        }
        catch (RecordValidationException e)
        {
            throw new DataValidationException(e.Reason, csvPath, e.Line, e.Field, e.Value);
        }
    }
}
