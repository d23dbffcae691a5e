namespace MlPipeline.Trainers.Neural;

/// <summary>What the loss curve says about the training run.</summary>
public enum TrainingDiagnosis
{
    /// <summary>Losses flattened out; training stopped at a good point.</summary>
    Converged,
    /// <summary>The monitored loss was still falling at the last epoch: more epochs may help.</summary>
    StillImproving,
    /// <summary>The training loss jumps up and down: learning rate too high or noisy data.</summary>
    Oscillating,
    /// <summary>The loss became NaN/Inf or exploded: learning rate far too high or bad values in the data.</summary>
    Diverged,
    /// <summary>Training loss kept falling while validation loss rose.</summary>
    Overfitting,
}
