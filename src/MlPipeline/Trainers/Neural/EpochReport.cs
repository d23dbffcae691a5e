namespace MlPipeline.Trainers.Neural;

/// <summary>Losses after one epoch, passed live to the epoch callback. Losses are MSE on the standardised label.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches.</param>
/// <param name="ValidationLoss">Validation loss, or null without a validation split.</param>
/// <param name="LearningRate">Learning rate used during the epoch.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double? ValidationLoss, double LearningRate, TimeSpan Elapsed)
{
    /// <summary>Training rows the epoch went over: all of them, or a slice of at most <see cref="NeuralTrainingOptions.MaxRowsPerEpoch"/>.</summary>
    public int Rows { get; init; }
}
