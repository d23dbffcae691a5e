namespace MlPipeline.Preprocessing;

/// <summary>Affine feature scaling applied to the assembled feature vector (all are exportable to ONNX).</summary>
public enum ScalerKind
{
    /// <summary>Divide by the standard deviation (ML.NET keeps zero at zero by default).</summary>
    MeanVariance,

    /// <summary>Scale into [0, 1] by the observed range (zero kept at zero).</summary>
    MinMax,

    /// <summary>
    /// Centre on the median and divide by the interquartile range. ML.NET 5's robust scaler fails on sparse feature
    /// vectors (one-hot columns make them sparse), so the sweep does not draw it.
    /// </summary>
    Robust,

    /// <summary>Leave features as they are.</summary>
    None,

    /// <summary>
    /// Centre the numeric columns on their training mean (they are dense; one-hot and missing-indicator slots stay
    /// sparse), then scale the vector as <see cref="MeanVariance"/> does. The closed-form linear models get it whatever
    /// the user's scaler (see <c>PreprocessingSearch</c>).
    /// </summary>
    Standard,
}
