namespace MlPipeline.Tuning.Samplers;

/// <summary>Uniform sampling in each distribution's unit space (so log domains are log-uniform).</summary>
public sealed class RandomSampler : ISampler
{
    private readonly Random _rng;
    private readonly Lock _gate = new();

    /// <summary>Creates the sampler.</summary>
    /// <param name="seed">Seed for reproducible runs, or null.</param>
    public RandomSampler(int? seed = null) => _rng = seed is { } s ? new Random(s) : new Random();

    /// <inheritdoc/>
    public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution)
    {
        lock (_gate) return distribution.FromUnit(_rng.NextDouble());
    }
}
