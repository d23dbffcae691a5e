using System.Globalization;
using System.Text.Json;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx.Graph;
using Onnx;

namespace MlPipeline.Onnx;

/// <summary>
/// The prediction interval as ONNX outputs: <c>Lower = Score − h</c> and <c>Upper = Score + h</c>, float32 [N,1], one
/// standard Sub and Add of a [1] initializer broadcast over the rows. Float arithmetic, as <see cref="PredictionInterval.LowerOf"/>.
/// </summary>
internal static class IntervalOutputs
{
    /// <summary>The metadata key holding the interval's level, half-width and method.</summary>
    public const string MetadataKey = "mlpipeline.interval";

    /// <summary>The outputs the parity check compares, in graph order, for a model with or without an interval.</summary>
    public static IReadOnlyList<string> Names(PredictionInterval? interval) =>
        interval is null ? [ColumnNames.Score] : [ColumnNames.Score, ColumnNames.Lower, ColumnNames.Upper];

    /// <summary>Adds the two outputs computed from <paramref name="score"/>.</summary>
    public static void Add(OnnxGraphBuilder graph, string score, PredictionInterval interval)
    {
        var half = graph.AddFloats("interval_half_width", [interval.HalfWidth], 1);
        graph.AddNode("Sub", [score, half], ColumnNames.Lower);
        graph.AddOutput(ColumnNames.Lower, TensorProto.Types.DataType.Float);
        graph.AddNode("Add", [score, half], ColumnNames.Upper);
        graph.AddOutput(ColumnNames.Upper, TensorProto.Types.DataType.Float);
    }

    /// <summary>The <see cref="MetadataKey"/> value: nominal level, half-width, method, calibration rows and whether the guarantee is exact.</summary>
    public static string Metadata(PredictionInterval interval) => JsonSerializer.Serialize(new
    {
        level = interval.Level,
        halfWidth = interval.HalfWidth,
        method = interval.Method,
        calibrationRows = interval.CalibrationRows,
        exact = interval.Exact,
    });

    /// <summary>What the doc string says of the outputs.</summary>
    public static string Describe(PredictionInterval? interval) => interval is null
        ? "Output: Score float32 [N,1]."
        : string.Create(CultureInfo.InvariantCulture,
            $"Outputs: Score float32 [N,1]; Lower and Upper float32 [N,1], the {interval.Level:P0} {interval.Method} prediction interval Score ∓ {interval.HalfWidth:R}.");
}
