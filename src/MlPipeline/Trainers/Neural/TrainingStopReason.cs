namespace MlPipeline.Trainers.Neural;

/// <summary>Why the training loop ended.</summary>
public enum TrainingStopReason
{
    /// <summary>All epochs ran.</summary>
    MaxEpochs,
    /// <summary>Validation loss stopped improving for the patience window.</summary>
    EarlyStopping,
    /// <summary>The wall-clock budget ran out.</summary>
    TimeLimit,
    /// <summary>The cancellation token fired.</summary>
    Cancelled,
    /// <summary>The epoch callback returned false.</summary>
    StoppedByCallback,
    /// <summary>The loss became NaN or infinite.</summary>
    NonFiniteLoss,
}
