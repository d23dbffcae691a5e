namespace MlPipeline.Tuning;

/// <summary>Settings of one worker process joining a shared study (what <c>mlpipeline worker</c> passes).</summary>
/// <param name="StorageUrl">Storage URL for <see cref="Storage.StudyStorageFactory.Open"/> (sqlite:PATH or postgresql://...).</param>
/// <param name="StudyName">Study to create or join.</param>
/// <param name="Direction">Direction (must match an existing study).</param>
/// <param name="NTrials">Trials this worker runs, or null until timeout/cancellation.</param>
/// <param name="Timeout">Stop starting trials after this long.</param>
/// <param name="Parallelism">Trials evaluated at once inside this process.</param>
/// <param name="Seed">Sampler seed; give each worker a different one.</param>
/// <param name="Sampler">"tpe" (default), "tpe-multivariate" or "random".</param>
/// <param name="HeartbeatInterval">Heartbeat period of running trials (default 10 s).</param>
/// <param name="GracePeriod">Heartbeat age after which a trial counts as dead (default twice the interval).</param>
/// <param name="RetryStaleTrials">Re-enqueue the parameters of trials whose worker died.</param>
public sealed record StudyWorkerOptions(
    string StorageUrl,
    string StudyName,
    StudyDirection Direction = StudyDirection.Minimize,
    int? NTrials = null,
    TimeSpan? Timeout = null,
    int Parallelism = 1,
    int? Seed = null,
    string Sampler = "tpe",
    TimeSpan? HeartbeatInterval = null,
    TimeSpan? GracePeriod = null,
    bool RetryStaleTrials = false);
