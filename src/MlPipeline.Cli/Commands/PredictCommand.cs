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
        var explain = new Option<int>("--explain")
        {
            Description = "Also write each row's base value and its K largest contributions by input column (model.zip only)",
            DefaultValueFactory = _ => 0,
        };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors" };

        var command = new Command("predict", "Score a CSV file with a trained model") { model, dataset, output, explain, quiet };
        command.SetAction(parse =>
        {
            var modelPath = parse.GetValue(model)!;
            var top = parse.GetValue(explain);
            if (top < 0) throw new DataValidationException($"--explain takes a number of columns, 0 or more (got {top})");
            var onnx = modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
            if (onnx && top > 0) throw new DataValidationException("--explain needs the model directory or its model.zip (model.onnx carries no explanation background)", modelPath);
            Predictions predictions;
            PredictionExplanations? explanations = null;
            if (onnx)
            {
                predictions = ScoreOnnx(modelPath, parse.GetValue(dataset)!);
            }
            else
            {
                var pipeline = PipelineModel.Load(new MLContext(), modelPath);
                var rows = pipeline.Load(parse.GetValue(dataset)!, LoadMode.Scoring);
                // Lower and Upper follow Score when the model has a prediction interval.
                predictions = pipeline.Predict(rows);
                if (top > 0)
                {
                    var explainer = pipeline.Explainer();
                    explanations = new PredictionExplanations(explainer.Columns, explainer.Explain(rows), top);
                    if (!parse.GetValue(quiet)) Console.Error.WriteLine($"explained by {explainer.Method}{(explanations.LogScale ? "; Base and contributions are on the log(Score) scale" : "")}");
                }
            }
            var outputPath = parse.GetValue(output)!;
            PredictionWriter.Write(outputPath, predictions, explanations);
            if (!parse.GetValue(quiet)) Console.Error.WriteLine($"wrote {predictions.Score.Length} predictions to {outputPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Scores with <see cref="OnnxModel"/>, stray text in a number column read as missing as model.zip reads it.</summary>
    private static Predictions ScoreOnnx(string modelPath, string csvPath)
    {
        try
        {
            using var onnx = new OnnxModel(modelPath, new OnnxModelOptions { IntraOpThreads = Environment.ProcessorCount, UnparsableNumberIsMissing = true });
            if (!File.Exists(csvPath)) throw new DataValidationException(Directory.Exists(csvPath) ? "is a directory, not a CSV file" : "file not found", csvPath);
            using var reader = new StreamReader(csvPath);
            var scored = onnx.ScoreCsv(reader);
            float[] scores = [.. scored.Select(p => p.Score)];
            // Lower and Upper follow Score when the model has the interval's outputs, as from model.zip.
            return onnx.HasInterval
                ? new Predictions(scores, [.. scored.Select(p => p.Lower!.Value)], [.. scored.Select(p => p.Upper!.Value)])
                : new Predictions(scores, null, null);
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
