namespace MlPipeline.Trainers.Neural;

/// <summary>Gradient-descent variant used to update the weights.</summary>
public enum NeuralOptimizer
{
    /// <summary>Adam with L2 weight decay added to the gradient.</summary>
    Adam,
    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
    /// <summary>Stochastic gradient descent with momentum.</summary>
    Sgd,
}
