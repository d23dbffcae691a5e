namespace MlPipeline.Onnx;

/// <summary>A pipeline could not be exported to ONNX, or the export did not reproduce ML.NET's predictions.</summary>
public sealed class OnnxConversionException(string message) : Exception(message);
