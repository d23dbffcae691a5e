namespace MlPipeline.Onnx.Graph;

/// <summary>The ONNX versions a model is written for: its IR version and the opset of each domain it uses.</summary>
/// <param name="IrVersion">The model file format version.</param>
/// <param name="Onnx">The <c>ai.onnx</c> opset.</param>
/// <param name="OnnxMl">The <c>ai.onnx.ml</c> opset.</param>
internal sealed record OnnxOpset(long IrVersion, long Onnx, long OnnxMl)
{
    /// <summary>IR 8, <c>ai.onnx</c> 17, <c>ai.onnx.ml</c> 3: read by ONNX Runtime ≥ 1.14 and onnx ≥ 1.12.</summary>
    public static OnnxOpset Default { get; } = new(8, 17, 3);
}
