using MlPipeline.Onnx.Parity;

namespace MlPipeline.Onnx;

/// <summary>A written ONNX model: where, how large, and its measured parity with ML.NET.</summary>
/// <param name="Path">The .onnx file.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Parity">Agreement with ML.NET on held-out rows.</param>
public sealed record OnnxExportReport(string Path, long Bytes, ParityReport Parity);
