namespace MlPipeline.Trainers.Neural;

/// <summary>Normalisation layer placed in the hidden layers.</summary>
public enum NeuralNormalization
{
    /// <summary>No normalisation layer.</summary>
    None,
    /// <summary>Batch normalisation (running mean/variance used at prediction time).</summary>
    BatchNorm,
    /// <summary>Layer normalisation.</summary>
    LayerNorm,
}
