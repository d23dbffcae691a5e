namespace MlPipeline.Runtime;

/// <summary>How an <see cref="OnnxModel"/> runs and reads records.</summary>
public sealed record OnnxModelOptions
{
    /// <summary>
    /// ONNX Runtime's threads within one scoring call; 0 lets ONNX Runtime choose (the cores). 1 is quickest for
    /// single records and for a service whose concurrency comes from its requests.
    /// </summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Whether a text cell that is not a number, in a number field, is a missing value (as <c>mlpipeline predict</c>
    /// with <c>model.zip</c> reads it) instead of an error. False by default: the error names record, field and value.
    /// Columns where training itself read stray text as missing (<see cref="ModelField.StrayTextIsMissing"/>) always do.
    /// </summary>
    public bool UnparsableNumberIsMissing { get; init; }
}
