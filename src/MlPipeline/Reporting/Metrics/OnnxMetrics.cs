using MlPipeline.Onnx;

namespace MlPipeline.Reporting.Metrics;

/// <summary>The ONNX export in <c>metrics.json</c>: its file, size and parity check.</summary>
internal sealed record OnnxMetrics(string File, long Bytes, ParityMetrics Parity)
{
    /// <summary>The record of an export.</summary>
    public static OnnxMetrics From(OnnxExportReport onnx) => new(ExperimentArtifacts.OnnxFile, onnx.Bytes, new ParityMetrics(
        onnx.Parity.Rows, onnx.Parity.MaxAbsoluteError, onnx.Parity.MaxRelativeError, onnx.Parity.LabelScale, onnx.Parity.Tolerance, onnx.Parity.Passed));
}
