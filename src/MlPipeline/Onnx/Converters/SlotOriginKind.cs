namespace MlPipeline.Onnx.Converters;

/// <summary>How a feature slot derives from its width-1 <see cref="SlotOrigin.Source"/> value.</summary>
internal enum SlotOriginKind
{
    /// <summary>The source's number, NaN replaced by <see cref="SlotOrigin.Replacement"/> when set.</summary>
    Value,

    /// <summary>1 when the source is NaN, else 0.</summary>
    MissingIndicator,

    /// <summary>1 when the source (a category's slot number) equals <see cref="SlotOrigin.Category"/>, else 0.</summary>
    OneHot,
}
