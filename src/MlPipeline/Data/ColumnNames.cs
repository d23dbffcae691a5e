namespace MlPipeline.Data;

/// <summary>The column names the pipeline itself creates, each written once.</summary>
public static class ColumnNames
{
    /// <summary>The prediction: ML.NET's score column, the ONNX output, the column <c>predict</c> writes.</summary>
    public const string Score = "Score";

    /// <summary>The feature vector the preprocessing chain assembles and every trainer reads.</summary>
    public const string Features = "Features";

    /// <summary>The label column a standalone neural estimator reads when no other is named.</summary>
    public const string Label = "Label";
}
