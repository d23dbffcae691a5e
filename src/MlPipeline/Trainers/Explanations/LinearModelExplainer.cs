namespace MlPipeline.Trainers.Explanations;

/// <summary>
/// A linear model's exact Shapley values with independent features: coefficient × (value − the reference rows' mean
/// of that slot); the base value is the output at the means.
/// </summary>
internal sealed class LinearModelExplainer : IFeatureExplainer
{
    private readonly double[] _weights;
    private readonly double[] _means;

    public LinearModelExplainer(IReadOnlyList<double> weights, double bias, bool logLink, IReadOnlyList<float[]> reference)
    {
        _weights = [.. weights];
        _means = new double[_weights.Length];
        foreach (var row in reference)
        {
            for (var j = 0; j < _means.Length; j++) _means[j] += row[j];
        }
        for (var j = 0; j < _means.Length; j++) _means[j] = reference.Count > 0 ? _means[j] / reference.Count : 0;
        BaseValue = bias + _weights.Select((w, j) => w * _means[j]).Sum();
        LogScale = logLink;
    }

    public double BaseValue { get; }

    public bool LogScale { get; }

    public void Explain(ReadOnlySpan<float> features, Span<double> contributions)
    {
        for (var j = 0; j < _weights.Length; j++) contributions[j] = _weights[j] * (features[j] - _means[j]);
    }
}
