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
}
