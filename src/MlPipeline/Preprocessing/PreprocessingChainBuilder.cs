using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlPipeline.Preprocessing;

/// <summary>
/// Turns a <see cref="PreprocessingPlan"/> into ML.NET estimators ending in a float vector
/// <see cref="PreprocessingPlan.FeaturesColumn"/>. Only transforms with an ONNX converter are used.
/// </summary>
public static class PreprocessingChainBuilder
{
    internal const string Numeric = "__num";
    internal const string MissingSource = "__nan";
    internal const string MissingFlags = "__nanflag";
    internal const string MissingIndicators = "__nanf";
    internal const string OneHotPrefix = "__oh_";

    /// <summary>Builds the chain for <paramref name="plan"/>.</summary>
    public static IEstimator<ITransformer> Build(MLContext ml, PreprocessingPlan plan)
    {
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        if (plan.NumericColumns.Length > 0)
        {
            chain = chain.Append(ml.Transforms.Concatenate(Numeric, [.. plan.NumericColumns]));
            if (plan.ColumnsWithMissing.Length > 0)
            {
                chain = chain
                    .Append(ml.Transforms.Concatenate(MissingSource, [.. plan.ColumnsWithMissing]))
                    .Append(ml.Transforms.IndicateMissingValues(MissingFlags, MissingSource))
                    .Append(ml.Transforms.Conversion.ConvertType(MissingIndicators, MissingFlags, DataKind.Single));
            }
            chain = chain.Append(ml.Transforms.ReplaceMissingValues(Numeric, replacementMode: ReplacementMode(plan.Options.Imputation)));
            parts.Add(Numeric);
            if (plan.ColumnsWithMissing.Length > 0) parts.Add(MissingIndicators);
        }
        foreach (var encoding in plan.Categoricals)
        {
            var keys = ml.Data.LoadFromEnumerable(encoding.Categories.Select(c => new CategoryRow { Value = c }));
            chain = chain.Append(ml.Transforms.Categorical.OneHotEncoding(
                OneHotPrefix + encoding.Column, encoding.Column, OneHotEncodingEstimator.OutputKind.Indicator, keyData: keys));
            parts.Add(OneHotPrefix + encoding.Column);
        }
        chain = chain.Append(ml.Transforms.Concatenate(PreprocessingPlan.FeaturesColumn, [.. parts]));
        return plan.Options.Scaler switch
        {
            ScalerKind.MeanVariance => chain.Append(ml.Transforms.NormalizeMeanVariance(PreprocessingPlan.FeaturesColumn)),
            ScalerKind.MinMax => chain.Append(ml.Transforms.NormalizeMinMax(PreprocessingPlan.FeaturesColumn)),
            ScalerKind.Robust => chain.Append(ml.Transforms.NormalizeRobustScaling(PreprocessingPlan.FeaturesColumn)),
            _ => chain,
        };
    }

    private static MissingValueReplacingEstimator.ReplacementMode ReplacementMode(ImputationKind kind) => kind switch
    {
        ImputationKind.Minimum => MissingValueReplacingEstimator.ReplacementMode.Minimum,
        ImputationKind.Maximum => MissingValueReplacingEstimator.ReplacementMode.Maximum,
        ImputationKind.Zero => MissingValueReplacingEstimator.ReplacementMode.DefaultValue,
        _ => MissingValueReplacingEstimator.ReplacementMode.Mean,
    };

    private sealed class CategoryRow
    {
        public string Value { get; set; } = "";
    }
}
