using MlPipeline.Onnx;

namespace MlPipeline.Reporting.Metrics;

/// <summary>
/// The ONNX export in <c>metrics.json</c>: its file and size when written, the parity check (measured error
/// included) when one ran, and why the model was not written when it was not.
/// </summary>
internal sealed record OnnxMetrics(string? File, long Bytes, ParityMetrics? Parity, bool Written, string? Reason)
{
    /// <summary>The record of an export, written or not.</summary>
    public static OnnxMetrics From(OnnxExportOutcome onnx) => new(
        onnx.Written ? ExperimentArtifacts.OnnxFile : null,
        onnx.Export?.Bytes ?? 0,
        onnx.Parity is { } p ? new ParityMetrics(p.Rows, p.MaxAbsoluteError, p.MaxRelativeError, p.LabelScale, p.Tolerance, p.Passed, p.NanMismatches) : null,
        onnx.Written,
        onnx.Reason);
}
