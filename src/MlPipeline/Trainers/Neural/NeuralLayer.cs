namespace MlPipeline.Trainers.Neural;

/// <summary>Read-only copy of one layer of a fitted network in evaluation mode (dropout omitted), for exporters.</summary>
/// <param name="Kind">Layer kind.</param>
/// <param name="Weight">Linear and BatchEnsemble linear: [out, in] weight matrix; ensemble head: [k, in], one row per member; norms: gamma as a 1×n matrix; robust scale: the factors, scale: the
/// scales, parametric activation: the mixing weights, each as a 1×n matrix.</param>
/// <param name="Bias">Linear: bias; ensemble head: one per member; norms: beta.</param>
/// <param name="Activation">Activation kind (LeakyRelu slope 0.01).</param>
/// <param name="RunningMean">BatchNorm running mean.</param>
/// <param name="RunningVar">BatchNorm running variance.</param>
/// <param name="Epsilon">Normalisation epsilon.</param>
/// <param name="Children">Residual: the layers of the residual branch.</param>
/// <param name="Center">Robust scale: the medians subtracted first.</param>
/// <param name="Periodic">Periodic embedding: its weights.</param>
/// <param name="Ensemble">BatchEnsemble linear: the members' scales and biases (the shared weight is <paramref name="Weight"/>).</param>
public sealed record NeuralLayer(
    NeuralLayerKind Kind,
    float[,]? Weight = null,
    float[]? Bias = null,
    NeuralActivation? Activation = null,
    float[]? RunningMean = null,
    float[]? RunningVar = null,
    double Epsilon = 0,
    IReadOnlyList<NeuralLayer>? Children = null,
    float[]? Center = null,
    PeriodicEmbeddingWeights? Periodic = null,
    BatchEnsembleWeights? Ensemble = null);
