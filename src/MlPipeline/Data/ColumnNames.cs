namespace MlPipeline.Data;

/// <summary>The column names the pipeline itself creates, each written once.</summary>
public static class ColumnNames
{
    /// <summary>The prediction: ML.NET's score column, the ONNX output, the column <c>predict</c> writes.</summary>
    public const string Score = "Score";

    /// <summary>The lower end of the prediction interval: a model output beside <see cref="Score"/> when the model has an interval.</summary>
    public const string Lower = "Lower";

    /// <summary>The upper end of the prediction interval: a model output beside <see cref="Score"/> when the model has an interval.</summary>
    public const string Upper = "Upper";

    /// <summary>The feature vector the preprocessing chain assembles and every trainer reads.</summary>
    public const string Features = "Features";

    /// <summary>The label column a standalone neural estimator reads when no other is named.</summary>
    public const string Label = "Label";

    /// <summary>Prefix of the pipeline's internal column names (preprocessing intermediates).</summary>
    internal const string InternalPrefix = "__";

    /// <summary>Prefix that moves a CSV column whose name is reserved out of the pipeline's way.</summary>
    internal const string RenamePrefix = "csv_";

    /// <summary>Names a loaded column must not have: the pipeline's own columns and its internal prefix.</summary>
    internal static bool IsReserved(string name) =>
        name is Score or Lower or Upper or Features || name.StartsWith(InternalPrefix, StringComparison.Ordinal);
}
