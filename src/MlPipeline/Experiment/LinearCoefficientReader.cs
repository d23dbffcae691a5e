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
        void Fold(NormalizingTransformer? normalizer, int count)
        {
            if (normalizer?.GetNormalizerModelParameters(0) is not NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine) return;
            for (var j = 0; j < count; j++)
            {
                weights[j] *= affine.Scale.Length == 1 ? affine.Scale[0] : affine.Scale[j];
                if (!affine.Offset.IsDefaultOrEmpty) intercept -= weights[j] * (affine.Offset.Length == 1 ? affine.Offset[0] : affine.Offset[j]);
            }
        }
        var normalizers = steps.OfType<NormalizingTransformer>().ToList();
        Fold(normalizers.LastOrDefault(), weights.Length);
        // The standard scaler's centring of the numeric block, the first slots of the vector, comes before it.
        if (plan.Options.Scaler == ScalerKind.Standard && normalizers is [var centring, _]) Fold(centring, Math.Min(plan.NumericColumns.Length, weights.Length));
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
