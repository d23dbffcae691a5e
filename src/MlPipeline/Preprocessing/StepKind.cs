namespace MlPipeline.Preprocessing;

/// <summary>The kinds of ML.NET transform a preprocessing chain is made of (each has an ONNX converter).</summary>
internal enum StepKind
{
    /// <summary><c>Concatenate</c>: inputs side by side into one vector.</summary>
    Concatenate,

    /// <summary><c>IndicateMissingValues</c>: true where the input is NaN.</summary>
    IndicateMissing,

    /// <summary><c>ConvertType</c> to float32.</summary>
    ConvertToFloat,

    /// <summary><c>ReplaceMissingValues</c>, in place.</summary>
    ReplaceMissing,

    /// <summary><c>OneHotEncoding</c> of a text column with fixed categories.</summary>
    OneHot,

    /// <summary>An affine normalizer, in place.</summary>
    Normalize,
}
