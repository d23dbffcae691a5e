namespace MlPipeline.Onnx.Parity;

/// <summary>How closely ONNX Runtime reproduced ML.NET's predictions on held-out rows.</summary>
/// <param name="Rows">Rows compared.</param>
/// <param name="MaxAbsoluteError">Largest |ONNX − ML.NET|.</param>
/// <param name="MaxRelativeError">Largest absolute error divided by the label scale.</param>
/// <param name="LabelScale">The label's range (max − min) on the training data, the yardstick of the tolerance.</param>
/// <param name="Tolerance">Largest allowed relative error (1e-5 of the label scale).</param>
public sealed record ParityReport(int Rows, double MaxAbsoluteError, double MaxRelativeError, double LabelScale, double Tolerance)
{
    /// <summary>Whether every row was within tolerance.</summary>
    public bool Passed => MaxRelativeError <= Tolerance;
}
