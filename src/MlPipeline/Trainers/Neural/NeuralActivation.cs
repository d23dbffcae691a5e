namespace MlPipeline.Trainers.Neural;

/// <summary>Non-linearity f in y = f(w·x + b) applied after each hidden linear layer.</summary>
public enum NeuralActivation
{
    /// <summary>max(0, x).</summary>
    Relu,
    /// <summary>x for x &gt; 0, 0.01·x otherwise.</summary>
    LeakyRelu,
    /// <summary>Gaussian error linear unit.</summary>
    Gelu,
    /// <summary>Scaled exponential linear unit.</summary>
    Selu,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid,
    /// <summary>ln(1 + e^x).</summary>
    Softplus,
    /// <summary>x · tanh(softplus(x)).</summary>
    Mish,
}
