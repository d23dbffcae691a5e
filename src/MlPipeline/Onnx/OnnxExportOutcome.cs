using MlPipeline.Onnx.Parity;

namespace MlPipeline.Onnx;

/// <summary>
/// What became of the ONNX export when a run's outputs were written: the written model, or why it was not
/// (a step without a converter, or a failed parity check with its measured error) while every other output was.
/// </summary>
/// <param name="Export">The written model; null when it was not written.</param>
/// <param name="Reason">Why the model was not written; null when it was.</param>
/// <param name="Parity">The parity check, passed or failed; null when conversion failed before it.</param>
public sealed record OnnxExportOutcome(OnnxExportReport? Export, string? Reason, ParityReport? Parity)
{
    /// <summary>Whether <c>model.onnx</c> was written.</summary>
    public bool Written => Export is not null;

    /// <summary>The outcome of a written export.</summary>
    /// <param name="export">The written model.</param>
    public static OnnxExportOutcome Of(OnnxExportReport export) => new(export, null, export.Parity);

    /// <summary>The outcome of a failed export: its reason and, for a parity failure, the measured error.</summary>
    /// <param name="failure">The export's failure.</param>
    public static OnnxExportOutcome Failed(OnnxConversionException failure) => new(null, failure.Parity?.Describe() ?? failure.Message, failure.Parity);
}
