using System.Collections.Immutable;
using System.Text;

namespace MlPipeline.Preprocessing;

/// <summary>
/// The preprocessing chain as data, decided from the schema and the training rows: a record that can be
/// printed, saved and turned into ML.NET estimators by <see cref="PreprocessingChainBuilder"/>.
/// </summary>
/// <param name="NumericColumns">Float columns (numbers, booleans, date parts), in order.</param>
/// <param name="ColumnsWithMissing">Those of them that had missing values in training: each gets an indicator.</param>
/// <param name="Categoricals">One-hot encodings, in order.</param>
/// <param name="Options">Scaler, imputation and category choices.</param>
public sealed record PreprocessingPlan(
    ImmutableArray<string> NumericColumns,
    ImmutableArray<string> ColumnsWithMissing,
    ImmutableArray<CategoricalEncoding> Categoricals,
    PreprocessingOptions Options)
{
    /// <summary>Length of the feature vector the chain produces.</summary>
    public int FeatureCount => NumericColumns.Length + ColumnsWithMissing.Length + Categoricals.Sum(c => c.Categories.Length);

    /// <summary>A few lines describing the chain, for logs and reports.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"{NumericColumns.Length} numeric columns, {ColumnsWithMissing.Length} with missing values (imputed: {Options.Imputation}, plus indicators)");
        var capped = Categoricals.Count(c => c.HasOtherBucket);
        var extra = Categoricals.Count(c => c.Categories.Length > Options.MaxCategories);
        text.AppendLine($"{Categoricals.Length} categorical columns one-hot encoded ({capped} capped at the top {Options.MaxCategories} + other" +
            (extra > 0 ? $"; {extra} keep more, every category with at least {Options.MinCategoryRows} training rows" : "") + ")");
        text.Append($"scaler: {Options.Scaler}; {FeatureCount} features");
        return text.ToString();
    }
}
