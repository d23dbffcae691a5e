using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;

namespace MlPipeline.Experiment;

/// <summary>Reads a fitted linear pipeline's weights back to its input columns, following the plan's slot order.</summary>
internal static class LinearCoefficientReader
{
    /// <summary>The coefficients of <paramref name="pipeline"/>, or null when its regressor is not linear.</summary>
    public static LinearCoefficients? Read(ITransformer pipeline, PreprocessingPlan plan, DataSchema schema, string trainer, int trial)
    {
        var steps = TransformerChains.Flatten(pipeline).ToList();
        if (steps[^1] is not ISingleFeaturePredictionTransformer<object> { Model: LinearModelParameters model }) return null;
        var weights = model.Weights.Select(w => (double)w).ToArray();
        var intercept = (double)model.Bias;
        // Fold the affine scaler into the weights: w·(x − offset)·scale = (w·scale)·x − w·scale·offset.
        if (steps.OfType<NormalizingTransformer>().LastOrDefault()?.GetNormalizerModelParameters(0)
            is NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine)
        {
            for (var j = 0; j < weights.Length; j++)
            {
                weights[j] *= affine.Scale.Length == 1 ? affine.Scale[0] : affine.Scale[j];
                if (!affine.Offset.IsDefaultOrEmpty) intercept -= weights[j] * (affine.Offset.Length == 1 ? affine.Offset[0] : affine.Offset[j]);
            }
        }
        // The standard scaler's centring of the numeric block, the first slots of the vector, before it: the same fold.
        if (plan.Options.Scaler == ScalerKind.Standard && steps.OfType<NormalizingTransformer>().ToList() is [var centring, _]
            && centring.GetNormalizerModelParameters(0) is NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> centred)
        {
            for (var j = 0; j < plan.NumericColumns.Length && j < weights.Length; j++)
            {
                weights[j] *= centred.Scale.Length == 1 ? centred.Scale[0] : centred.Scale[j];
                if (!centred.Offset.IsDefaultOrEmpty) intercept -= weights[j] * (centred.Offset.Length == 1 ? centred.Offset[0] : centred.Offset[j]);
            }
        }
        var slots = FeatureSlot.Of(plan, schema);
        if (slots.Count != weights.Length) return null;
        var columns = slots.Select((s, j) => (s.Column, Slot: new SlotCoefficient(s.Label, weights[j])))
            .GroupBy(s => s.Column)
            .Select(g => new ColumnCoefficients(g.Key, [.. g.Select(s => s.Slot)]))
            .OrderByDescending(c => c.Magnitude)
            .ToImmutableArray();
        return new LinearCoefficients(trainer, trial, intercept, columns, model is PoissonRegressionModelParameters);
    }
}
