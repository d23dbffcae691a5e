namespace MlPipeline.Trainers.Neural;

/// <summary>Scheme for the small random initial weights of linear layers (biases start at zero).</summary>
public enum WeightInitialization
{
    /// <summary>He/Kaiming uniform, suited to ReLU-like activations.</summary>
    Kaiming,
    /// <summary>Glorot/Xavier uniform, suited to tanh/sigmoid.</summary>
    Xavier,
}
