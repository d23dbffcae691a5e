using System.Collections.Immutable;
using MlPipeline.Trainers.Classic;
using MlPipeline.Trainers.LinearModels;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Trainers;

/// <summary>
/// The explicit table of trainers by CLI name. Lookup is exact; an unknown name is an error that lists the
/// registered ones. Other trainer families join by passing more candidates to the constructor.
/// </summary>
public sealed class TrainerRegistry
{
    private readonly ImmutableDictionary<string, IRegressorCandidate> _byName;

    /// <summary>Creates a registry over <paramref name="candidates"/> (names must be unique).</summary>
    public TrainerRegistry(IEnumerable<IRegressorCandidate> candidates)
    {
        All = [.. candidates];
        _byName = All.ToImmutableDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The classic ML.NET regressors, in the order they are tried.</summary>
    public static TrainerRegistry Classic { get; } = new(
    [
        new RidgeCandidate(),
        new ElasticNetCandidate(),
        new LeastSquaresCandidate(),
        new SdcaCandidate(),
        new OnlineGradientDescentCandidate(),
        new LbfgsPoissonCandidate(),
        new FastTreeCandidate(),
        new FastTreeTweedieCandidate(),
        new FastForestCandidate(),
        new GamCandidate(),
        new LightGbmCandidate(),
    ]);

    /// <summary>The classic regressors and the TorchSharp networks (<c>mlp</c>, <c>resnet</c>, <c>realmlp</c>, <c>tabm</c>): what <c>train</c> sweeps by default.</summary>
    public static TrainerRegistry Default { get; } = new([.. Classic.All, new MlpCandidate(), new ResNetCandidate(), new RealMlpCandidate(), new TabMCandidate()]);

    /// <summary>Every registered candidate, in order.</summary>
    public ImmutableArray<IRegressorCandidate> All { get; }

    /// <summary>Registered names, in order.</summary>
    public IEnumerable<string> Names => All.Select(c => c.Name);

    /// <summary>The candidate named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such trainer; the message lists the registered ones.</exception>
    public IRegressorCandidate Get(string name) =>
        _byName.TryGetValue(name.Trim(), out var candidate)
            ? candidate
            : throw new ArgumentException($"unknown trainer '{name}' ({All.Length} registered: {string.Join(", ", Names)})", nameof(name));

    /// <summary>The candidates for a comma-separated list of names (null or empty: all).</summary>
    public IReadOnlyList<IRegressorCandidate> Select(string? names) =>
        string.IsNullOrWhiteSpace(names)
            ? All
            : names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Get).Distinct().ToList();
}
