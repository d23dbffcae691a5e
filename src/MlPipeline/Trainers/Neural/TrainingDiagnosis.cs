namespace MlPipeline.Trainers.Neural;

/// <summary>What the loss curve says about the training run.</summary>
public enum TrainingDiagnosis
{
    /// <summary>The lecture's ideal curve: both losses fell and settled close together.</summary>
    Converged,
    /// <summary>The monitored loss was still falling at the last epoch: more epochs may help.</summary>
    StillImproving,
    /// <summary>The training loss jumps up and down: learning rate too high or noisy data.</summary>
    Oscillating,
    /// <summary>The loss became NaN/Inf or exploded: learning rate far too high or bad values in the data.</summary>
    Diverged,
    /// <summary>Validation loss rose, or stayed flat far above a training loss that kept falling.</summary>
    Overfitting,
    /// <summary>Isolated spikes in an otherwise smooth curve: outliers or bad values in a few rows.</summary>
    Disturbed,
}
