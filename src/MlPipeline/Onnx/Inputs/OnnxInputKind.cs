namespace MlPipeline.Onnx.Inputs;

/// <summary>What a graph input holds, and so how a consumer gives it a CSV cell.</summary>
internal enum OnnxInputKind
{
    /// <summary>A numeric column: the number as float32, NaN when missing.</summary>
    Number,

    /// <summary>A boolean column: the cell as a string, mapped in the graph (unknown or empty is missing).</summary>
    Boolean,

    /// <summary>A categorical column: the cell as a string, trimmed; empty when missing; unseen values allowed.</summary>
    Category,

    /// <summary>One part of a date column (year, month, …) as float32, NaN when missing.</summary>
    DatePart,
}
