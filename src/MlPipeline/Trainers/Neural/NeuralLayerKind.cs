namespace MlPipeline.Trainers.Neural;

/// <summary>Kind of a layer in <see cref="NeuralLayer"/>.</summary>
public enum NeuralLayerKind
{
    /// <summary>y = x·Wᵀ + b.</summary>
    Linear,
    /// <summary>Element-wise activation.</summary>
    Activation,
    /// <summary>Batch normalisation in eval mode: (x − mean)/√(var + eps)·gamma + beta.</summary>
    BatchNorm,
    /// <summary>Layer normalisation over the features: (x − μ)/√(σ² + eps)·gamma + beta.</summary>
    LayerNorm,
    /// <summary>x + f(x), where f is the child layer list.</summary>
    Residual,
}
