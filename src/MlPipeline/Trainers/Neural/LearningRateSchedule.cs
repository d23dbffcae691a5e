namespace MlPipeline.Trainers.Neural;

/// <summary>How the learning rate changes over the epochs.</summary>
public enum LearningRateSchedule
{
    /// <summary>Same learning rate every epoch.</summary>
    Constant,
    /// <summary>Cosine annealing from the initial rate towards zero over <see cref="NeuralTrainingOptions.MaxEpochs"/>.</summary>
    Cosine,
    /// <summary>Multiply the rate by <see cref="NeuralTrainingOptions.PlateauFactor"/> when the monitored loss stalls.</summary>
    ReduceOnPlateau,
    /// <summary>
    /// RealMLP's "coslog4" (Holzmüller et al. 2024): lr·½(1 − cos(2π·log₂(1 + 15t))) at progress t ∈ [0, 1] of
    /// <see cref="NeuralTrainingOptions.MaxEpochs"/>, four cosine cycles that grow longer, each falling to zero.
    /// </summary>
    CosLog4,
}
