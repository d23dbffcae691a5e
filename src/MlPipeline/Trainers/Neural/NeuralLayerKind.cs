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
    /// <summary>Per feature z = (x − Center)·Weight, clamped to ±10⁶, then the smooth clip z / √(1 + (z/3)²).</summary>
    RobustScaleClip,
    /// <summary>RealMLP's PBLD embedding, see <see cref="PeriodicEmbeddingWeights"/>.</summary>
    PeriodicEmbedding,
    /// <summary>x·Weight per feature (Weight is 1×n).</summary>
    Scale,
    /// <summary>x + Weight·(f(x) − x) per neuron, f the layer's activation (Weight is 1×n).</summary>
    ParametricActivation,
    /// <summary>
    /// k linear layers sharing <see cref="NeuralLayer.Weight"/> W ([out, in]): member i maps its xᵢ to
    /// ((xᵢ∘rᵢ)·Wᵀ)∘sᵢ + bᵢ with r, s and b from <see cref="NeuralLayer.Ensemble"/>. Input [N, in] is shared by all
    /// members, [N, k, in] is one row per member; output [N, k, out].
    /// </summary>
    BatchEnsembleLinear,
    /// <summary>One linear output per member: [N, k, in] → [N, k], member i's xᵢ·Weight[i, :] + Bias[i].</summary>
    EnsembleHead,
    /// <summary>The mean over the members: [N, k] → [N, 1].</summary>
    MemberMean,
}
