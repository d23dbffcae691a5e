using MlPipeline.Tuning.Pruners;
using MlPipeline.Tuning.Samplers;
using MlPipeline.Tuning.Storage;

namespace MlPipeline.Tuning;

/// <summary>
/// Entry point for a worker process: opens the shared storage, joins (or creates) the study and
/// runs trials with heartbeats, so several processes or machines can work on one study and a dead
/// worker's trial is failed by the others.
/// </summary>
public static class StudyWorker
{
    /// <summary>Runs trials of a shared study until the options' limits or cancellation.</summary>
    /// <param name="options">Storage, study and limits.</param>
    /// <param name="objective">The objective; it receives a token that fires on timeout/cancellation.</param>
    /// <param name="pruner">Pruner (median by default).</param>
    /// <param name="cancellationToken">Stops starting trials.</param>
    /// <returns>The study after this worker stopped.</returns>
    public static Task<Study> RunAsync(
        StudyWorkerOptions options, Func<Trial, CancellationToken, double> objective, IPruner? pruner = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(objective);
        return Task.Factory.StartNew(() =>
        {
            var storage = StudyStorageFactory.Open(options.StorageUrl);
            var study = Study.CreateOrLoad(options.StudyName, storage, options.Direction, CreateSampler(options), pruner);
            study.HeartbeatInterval = options.HeartbeatInterval ?? TimeSpan.FromSeconds(10);
            study.GracePeriod = options.GracePeriod;
            study.RetryStaleTrials = options.RetryStaleTrials;
            study.Optimize(objective, options.NTrials, options.Timeout, cancellationToken, options.Parallelism);
            return study;
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Runs trials of a shared study with an objective that ignores cancellation.</summary>
    /// <param name="options">Storage, study and limits.</param>
    /// <param name="objective">The objective.</param>
    /// <param name="pruner">Pruner (median by default).</param>
    /// <param name="cancellationToken">Stops starting trials.</param>
    /// <returns>The study after this worker stopped.</returns>
    public static Task<Study> RunAsync(
        StudyWorkerOptions options, Func<Trial, double> objective, IPruner? pruner = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return RunAsync(options, (t, _) => objective(t), pruner, cancellationToken);
    }

    /// <summary>Builds the sampler named in the options.</summary>
    /// <param name="options">Worker options.</param>
    /// <returns>The sampler.</returns>
    public static ISampler CreateSampler(StudyWorkerOptions options) => options.Sampler.ToLowerInvariant() switch
    {
        "tpe" => new TpeSampler(options.Seed, new TpeSettings(ConstantLiar: true)),
        "tpe-multivariate" => new TpeSampler(options.Seed, new TpeSettings(Multivariate: true, ConstantLiar: true)),
        "random" => new RandomSampler(options.Seed),
        _ => throw new ArgumentException($"Unknown sampler '{options.Sampler}' (tpe, tpe-multivariate, random)."),
    };
}
