namespace MlPipeline.Trainers.Neural;

/// <summary>The loss minimised on the standardised label (validation loss and early stopping always use MSE).</summary>
public enum NeuralLoss
{
    /// <summary>Mean squared error.</summary>
    Mse,

    /// <summary>Huber loss (δ = 1 standard deviation): squared near the target, linear beyond, so outliers pull less.</summary>
    Huber,
}
