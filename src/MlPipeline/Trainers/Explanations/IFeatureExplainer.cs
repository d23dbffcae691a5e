namespace MlPipeline.Trainers.Explanations;

/// <summary>
/// Explains a fitted regressor's raw output on its feature vector: <see cref="BaseValue"/> + Σ contributions = the raw
/// output, one contribution per feature slot. The raw output is the prediction, or its log when <see cref="LogScale"/>
/// (a log-link model: FastTreeTweedie, Poisson regression).
/// </summary>
internal interface IFeatureExplainer
{
    /// <summary>The raw output expected over the reference rows: what is predicted when no feature is known.</summary>
    double BaseValue { get; }

    /// <summary>Whether contributions add up to the log of the prediction rather than the prediction.</summary>
    bool LogScale { get; }

    /// <summary>Writes one contribution per slot of <paramref name="features"/> into <paramref name="contributions"/>.</summary>
    void Explain(ReadOnlySpan<float> features, Span<double> contributions);
}
