namespace MlPipeline.Tuning.Samplers;

/// <summary>
/// Proposes parameter values (Optuna's sampler shape). Values are exchanged in the distributions'
/// internal form. Implementations must be thread-safe: parallel workers share one sampler.
/// </summary>
public interface ISampler
{
    /// <summary>The parameters to sample jointly for <paramref name="trial"/>; none by default (independent sampling only).</summary>
    /// <param name="study">The study.</param>
    /// <param name="trial">The new trial.</param>
    /// <returns>Parameter distributions to sample together.</returns>
    IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(IStudyView study, FrozenTrial trial) =>
        new Dictionary<string, Distribution>();

    /// <summary>Samples the relative search space jointly; nothing by default.</summary>
    /// <param name="study">The study.</param>
    /// <param name="trial">The new trial.</param>
    /// <param name="searchSpace">What <see cref="InferRelativeSearchSpace"/> returned.</param>
    /// <returns>Internal values by parameter name.</returns>
    IReadOnlyDictionary<string, double> SampleRelative(
        IStudyView study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace) =>
        new Dictionary<string, double>();

    /// <summary>Samples one parameter not covered by the relative search space.</summary>
    /// <param name="study">The study.</param>
    /// <param name="trial">The trial being sampled.</param>
    /// <param name="name">Parameter name.</param>
    /// <param name="distribution">Its distribution.</param>
    /// <returns>An internal value inside the distribution.</returns>
    double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution);

    /// <summary>Hook called when a trial starts; no-op by default.</summary>
    /// <param name="study">The study.</param>
    /// <param name="trial">The new trial.</param>
    void BeforeTrial(IStudyView study, FrozenTrial trial)
    {
    }

    /// <summary>Hook called when a trial finishes; no-op by default.</summary>
    /// <param name="study">The study.</param>
    /// <param name="trial">The finished trial.</param>
    void AfterTrial(IStudyView study, FrozenTrial trial)
    {
    }
}
