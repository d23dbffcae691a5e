using MlPipeline.Onnx.Parity;

namespace MlPipeline.Onnx;

/// <summary>A pipeline could not be exported to ONNX, or the export did not reproduce ML.NET's predictions.</summary>
public sealed class OnnxConversionException(string message) : Exception(message)
{
    /// <summary>The failed parity check when that is why the export failed; null when a step could not be converted.</summary>
    public ParityReport? Parity { get; init; }
}
