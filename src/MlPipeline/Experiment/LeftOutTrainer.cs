namespace MlPipeline.Experiment;

/// <summary>A selected trainer the sweep did not run, and why.</summary>
/// <param name="Trainer">The trainer's name.</param>
/// <param name="EstimatedSeconds">Seconds its defaults were estimated to take (one fit per fold).</param>
/// <param name="LimitSeconds">The per-trial cap they would have overrun.</param>
/// <param name="Reason">The reason, in words.</param>
public sealed record LeftOutTrainer(string Trainer, double EstimatedSeconds, double LimitSeconds, string Reason);
