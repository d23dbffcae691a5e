using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

using MlPipeline.Data;

namespace MlPipeline.Preprocessing;

/// <summary>
/// Turns a <see cref="PreprocessingPlan"/> into ML.NET estimators ending in a float vector
/// <see cref="ColumnNames.Features"/>. Only transforms with an ONNX converter are used.
/// </summary>
internal static class PreprocessingChainBuilder
{
    internal const string Numeric = "__num";
    internal const string MissingSource = "__nan";
    internal const string MissingFlags = "__nanflag";
    internal const string MissingIndicators = "__nanf";
    internal const string OneHotPrefix = "__oh_";

    /// <summary>The chain's steps for <paramref name="plan"/>, in order.</summary>
    public static IReadOnlyList<PreprocessingStep> Steps(PreprocessingPlan plan)
    {
        var steps = new List<PreprocessingStep>();
        var parts = new List<string>();
        if (plan.NumericColumns.Length > 0)
        {
            steps.Add(new(StepKind.Concatenate, Numeric, plan.NumericColumns));
            if (plan.ColumnsWithMissing.Length > 0)
            {
                steps.Add(new(StepKind.Concatenate, MissingSource, plan.ColumnsWithMissing));
                steps.Add(new(StepKind.IndicateMissing, MissingFlags, [MissingSource]));
                steps.Add(new(StepKind.ConvertToFloat, MissingIndicators, [MissingFlags]));
            }
            steps.Add(new(StepKind.ReplaceMissing, Numeric, [Numeric]));
            if (plan.Options.Scaler == ScalerKind.Standard) steps.Add(new(StepKind.Normalize, Numeric, [Numeric]) { Centre = true });
            parts.Add(Numeric);
            if (plan.ColumnsWithMissing.Length > 0) parts.Add(MissingIndicators);
        }
        foreach (var encoding in plan.Categoricals)
        {
            steps.Add(new(StepKind.OneHot, OneHotPrefix + encoding.Column, [encoding.Column]) { Categories = encoding.Categories });
            parts.Add(OneHotPrefix + encoding.Column);
        }
        steps.Add(new(StepKind.Concatenate, ColumnNames.Features, [.. parts]));
        if (plan.Options.Scaler != ScalerKind.None) steps.Add(new(StepKind.Normalize, ColumnNames.Features, [ColumnNames.Features]));
        return steps;
    }

    /// <summary>Builds the chain for <paramref name="plan"/>: one estimator per step of <see cref="Steps"/>.</summary>
    public static IEstimator<ITransformer> Build(MLContext ml, PreprocessingPlan plan)
    {
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var step in Steps(plan)) chain = chain.Append(Estimator(ml, step, plan.Options));
        return chain;
    }

    private static IEstimator<ITransformer> Estimator(MLContext ml, PreprocessingStep step, PreprocessingOptions options) => step.Kind switch
    {
        StepKind.Concatenate => ml.Transforms.Concatenate(step.Output, [.. step.Inputs]),
        StepKind.IndicateMissing => ml.Transforms.IndicateMissingValues(step.Output, step.Inputs[0]),
        StepKind.ConvertToFloat => ml.Transforms.Conversion.ConvertType(step.Output, step.Inputs[0], DataKind.Single),
        StepKind.ReplaceMissing => ml.Transforms.ReplaceMissingValues(step.Output, step.Inputs[0], ReplacementMode(options.Imputation)),
        StepKind.OneHot => ml.Transforms.Categorical.OneHotEncoding(step.Output, step.Inputs[0], OneHotEncodingEstimator.OutputKind.Indicator,
            keyData: ml.Data.LoadFromEnumerable(step.Categories.Select(c => new CategoryRow { Value = c }))),
        StepKind.Normalize when step.Centre => ml.Transforms.NormalizeMeanVariance(step.Output, step.Inputs[0], fixZero: false),
        _ => options.Scaler switch
        {
            ScalerKind.MinMax => ml.Transforms.NormalizeMinMax(step.Output, step.Inputs[0]),
            ScalerKind.Robust => ml.Transforms.NormalizeRobustScaling(step.Output, step.Inputs[0]),
            _ => ml.Transforms.NormalizeMeanVariance(step.Output, step.Inputs[0]),
        },
    };

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
