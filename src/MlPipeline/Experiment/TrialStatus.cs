namespace MlPipeline.Experiment;

/// <summary>How a trainer's run in an experiment ended.</summary>
public enum TrialStatus
{
    /// <summary>Trained and evaluated.</summary>
    Completed,

    /// <summary>Training or evaluation threw; the experiment went on.</summary>
    Failed,

    /// <summary>Stopped early by the pruner.</summary>
    Pruned,

    /// <summary>Not run: out of time, or not applicable to this label.</summary>
    Skipped,
}
