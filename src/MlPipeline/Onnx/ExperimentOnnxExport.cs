using System.Globalization;
using System.Text.Json;
using MlPipeline.Data;
using MlPipeline.Experiment;

namespace MlPipeline.Onnx;

/// <summary>Exports a run's final model to ONNX: <c>result.ExportOnnx(path)</c>.</summary>
public static class ExperimentOnnxExport
{
    /// <summary>
    /// Exports the final model (an ensemble as one graph) to ONNX at <paramref name="path"/>, written only if ONNX
    /// Runtime reproduces ML.NET's predictions on the held-out test rows (at most the first 10,000) within 1e-5 of the training labels' range (<see cref="ExperimentResult.TrainingLabelRange"/>).
    /// A model with a prediction interval gets the outputs <c>Lower</c> and <c>Upper</c> and the metadata <c>mlpipeline.interval</c>, its ends checked like <c>Score</c>.
    /// </summary>
    /// <param name="result">The run whose final model is exported.</param>
    /// <param name="path">The <c>.onnx</c> file to write.</param>
    /// <exception cref="OnnxConversionException">A step has no converter or parity failed (<see cref="OnnxConversionException.Parity"/> says by how much); nothing is written.</exception>
    public static OnnxExportReport ExportOnnx(this ExperimentResult result, string path)
    {
        var test = result.TestData ?? throw new InvalidOperationException("the result has no test rows to check parity on");
        // A bounded sample keeps the export inside the budget at any size: 200,000 test rows of a million-row file took
        // minutes after the budget was spent. The report says how many rows were compared.
        var ml = new Microsoft.ML.MLContext(1);
        var rows = ml.Data.TakeRows(test, MaxParityRows);
        var scale = result.TrainingLabelRange is { } range ? Parity.ParityReport.Scale(range.Min, range.Max) : (double?)null;
        return OnnxExporter.Export(ml, result.Model.Transformer, result.Schema, result.Plan, path, rows, Metadata(result), scale,
            result.Model.Interval);
    }

    /// <summary>The most test rows parity compares (the first ones; the probe rows come on top).</summary>
    internal const int MaxParityRows = 10_000;

    /// <summary>The model's metadata properties: label, trainer, hyperparameters, test metrics, training time, preprocessing.</summary>
    internal static Dictionary<string, string> Metadata(ExperimentResult result) => new()
    {
        ["mlpipeline.label"] = result.Schema.LabelColumn.Name,
        ["mlpipeline.trainer"] = result.Winner,
        ["mlpipeline.hyperparameters"] = result.Model.Ensemble is { } ensemble
            ? JsonSerializer.Serialize(ensemble.Members.Select(m => new { m.Trainer, m.TrialNumber, m.Weight }), JsonDefaults.Options)
            : JsonSerializer.Serialize(result.Best.HyperParameters.Values, JsonDefaults.Options),
        ["mlpipeline.test_metrics"] = JsonSerializer.Serialize(result.TestMetrics, JsonDefaults.Options),
        ["mlpipeline.trained_at"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["mlpipeline.preprocessing"] = result.Plan.Describe(),
    };
}
