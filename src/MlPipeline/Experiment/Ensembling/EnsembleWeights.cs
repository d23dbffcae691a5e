using System.Collections.Immutable;

namespace MlPipeline.Experiment.Ensembling;

/// <summary>The outcome of ensemble selection.</summary>
/// <param name="Weights">One weight per model, summing to 1; zero for models never selected.</param>
/// <param name="Rmse">RMSE of the weighted average on the rows it was selected on.</param>
internal sealed record EnsembleWeights(ImmutableArray<double> Weights, double Rmse)
{
    /// <summary>Indices of the models with a non-zero weight.</summary>
    public IEnumerable<int> Members => Weights.Select((w, i) => (w, i)).Where(p => p.w > 0).Select(p => p.i);

    /// <summary>The weighted average of <paramref name="predictions"/>, row by row, in double.</summary>
    public float[] Combine(IReadOnlyList<float[]> predictions)
    {
        var rows = predictions[0].Length;
        var result = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            double value = 0;
            for (var m = 0; m < predictions.Count; m++) value += Weights[m] * predictions[m][i];
            result[i] = (float)value;
        }
        return result;
    }
}
