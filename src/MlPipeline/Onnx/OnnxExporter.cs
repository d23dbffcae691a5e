using System.Text.Json;
using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx.Converters;
using MlPipeline.Onnx.Graph;
using MlPipeline.Onnx.Inputs;
using MlPipeline.Onnx.Parity;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers.Ensembles;
using Onnx;

namespace MlPipeline.Onnx;

/// <summary>
/// Exports a fitted pipeline — preprocessing and regressor — to ONNX whose inputs are the raw columns by name
/// (numbers and date parts as float32 [N,1]; booleans and categories as the cell, string [N,1]: see
/// <see cref="RawInputs"/>) and whose output is <c>Score</c> float32 [N,1] (with a prediction interval, also
/// <c>Lower</c> and <c>Upper</c>). Every export is checked: ONNX Runtime must reproduce ML.NET's predictions on
/// held-out rows within 1e-5 of the label's range, or nothing is written. An ensemble becomes one graph: each
/// member's subgraph reads the shared inputs and the weighted member scores are summed.
/// </summary>
internal static class OnnxExporter
{
    /// <summary>Relative tolerance of the parity check, as a fraction of the label's range.</summary>
    public const double RelativeTolerance = 1e-5;

    /// <summary>
    /// Test hook: a tolerance used instead of <see cref="RelativeTolerance"/> by exports on this async flow, so a
    /// test can provoke a parity failure without affecting tests running beside it.
    /// </summary>
    internal static readonly AsyncLocal<double?> ToleranceOverride = new();

    private const long ProtobufLimit = 2L * 1024 * 1024 * 1024 - 1;

    /// <summary>
    /// Converts the chain to an ONNX model (no parity check, nothing written). <paramref name="plan"/> is the chain's
    /// preprocessing plan; for an <see cref="EnsembleTransformer"/> it is ignored, each member carrying its own.
    /// </summary>
    /// <exception cref="OnnxConversionException">A step has no converter, or the chain does not follow its plan; the message names the step.</exception>
    public static ModelProto Convert(MLContext ml, ITransformer chain, DataSchema schema, PreprocessingPlan plan, IReadOnlyDictionary<string, string> metadata,
        PredictionInterval? interval = null)
    {
        var graph = new OnnxGraphBuilder();
        var raw = RawInputs.Of(schema);
        var (inputs, inputSchema) = RawInputs.Declare(graph, raw, schema.Format);
        var context = new OnnxConversionContext(graph, ml, OnnxOpset.Default, inputs, inputSchema);
        var score = OnnxChainConverter.Convert(context, chain, plan);
        graph.AddNode("Identity", [score], ColumnNames.Score);
        graph.AddOutput(ColumnNames.Score, TensorProto.Types.DataType.Float);
        if (interval is not null) IntervalOutputs.Add(graph, ColumnNames.Score, interval);
        var all = new Dictionary<string, string>(metadata) { [OnnxScorer.SchemaKey] = RawInputs.SchemaJson(schema, raw) };
        if (interval is not null) all[IntervalOutputs.MetadataKey] = IntervalOutputs.Metadata(interval);
        return graph.Build(context.Opset, all, $"MlPipeline regression model predicting '{schema.LabelColumn.Name}'. Inputs: the raw columns by name (a reserved name such as Score as csv_<name>) " +
            "(numbers and date parts <col>_Year/_Month/_Day/_DayOfWeek/_Hour as float32 [N,1], NaN when missing; booleans and categories as the cell, string [N,1]: " +
            $"booleans {string.Join('/', CellParser.TrueTokens)} or {string.Join('/', CellParser.FalseTokens)} in any case, anything else missing; categories empty when missing; up to {RawInputs.MaxPadding} spaces either side ignored). " +
            $"Each input is described in the {OnnxScorer.SchemaKey} metadata's {RawInputs.SchemaProperty}. Output: Score float32 [N,1]. " + IntervalOutputs.Describe(interval));
    }

    /// <summary>
    /// Converts, checks parity on <paramref name="parityRows"/>, and writes <paramref name="path"/> atomically. The
    /// tolerance is scaled by <paramref name="labelScale"/>, the training labels' range (see
    /// <see cref="ParityReport.Scale"/>); without it, by the schema's label range, which covers every scanned row.
    /// </summary>
    /// <exception cref="OnnxConversionException">A step has no converter, or parity failed (<see cref="OnnxConversionException.Parity"/>); nothing is written.</exception>
    public static OnnxExportReport Export(
        MLContext ml, ITransformer chain, DataSchema schema, PreprocessingPlan plan, string path,
        IDataView parityRows, IReadOnlyDictionary<string, string> metadata, double? labelScale = null, PredictionInterval? interval = null)
    {
        var scale = labelScale ?? ParityReport.Scale(schema.LabelColumn.Min ?? 0, schema.LabelColumn.Max ?? 1);
        var model = Convert(ml, chain, schema, plan, metadata, interval);
        var size = model.CalculateSize();
        if (size > ProtobufLimit) throw new OnnxConversionException($"the model would be {size:N0} bytes, over protobuf's 2 GB limit");
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        try
        {
            using (var file = File.Create(temp)) model.WriteTo(file);
            var parity = CheckParity(chain, temp, parityRows, schema, scale, interval);
            if (!parity.Passed) throw new OnnxConversionException($"{parity.Describe()}; not written") { Parity = parity };
            File.Move(temp, full, overwrite: true);
            return new OnnxExportReport(full, new FileInfo(full).Length, parity);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Parity on <paramref name="rows"/>, fed as raw cells (<see cref="ParityRows"/>), and on the probe rows; every output
    /// is compared, the interval's ends as computed from ML.NET's scores included, and the worst one is the verdict.
    /// </summary>
    private static ParityReport CheckParity(ITransformer chain, string onnxPath, IDataView rows, DataSchema schema, double scale, PredictionInterval? interval)
    {
        var inputs = RawInputs.Of(schema);
        var probes = ParityRows.Probes(inputs, schema.Format);
        float[] Expected(IDataView view) => chain.Transform(view).GetColumn<float>(ColumnNames.Score).ToArray();
        var expected = Predictions.Of([.. Expected(rows), .. Expected(probes.Loaded)], interval);
        using var scorer = new OnnxScorer(onnxPath);
        var onRows = scorer.Predict(ParityRows.Spelled(scorer.Columns(rows), inputs, rows, schema.Format));
        var onProbes = scorer.Predict(probes.Cells);
        var tolerance = ToleranceOverride.Value ?? RelativeTolerance;
        var score = ParityReport.Compare(expected.Score, [.. onRows.Score, .. onProbes.Score], scale, tolerance);
        if (interval is null) return score;
        if (!onRows.HasInterval || !onProbes.HasInterval) throw new OnnxConversionException($"the exported model lacks the {ColumnNames.Lower} and {ColumnNames.Upper} outputs");
        return ParityReport.Worst(score,
            ParityReport.Compare(expected.Lower!, [.. onRows.Lower!, .. onProbes.Lower!], scale, tolerance),
            ParityReport.Compare(expected.Upper!, [.. onRows.Upper!, .. onProbes.Upper!], scale, tolerance));
    }
}
