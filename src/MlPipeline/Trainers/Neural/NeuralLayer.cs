namespace MlPipeline.Trainers.Neural;

/// <summary>Read-only copy of one layer of a fitted network in evaluation mode (dropout omitted), for exporters.</summary>
/// <param name="Kind">Layer kind.</param>
/// <param name="Weight">Linear: [out, in] weight matrix; norms: gamma as a 1×n matrix.</param>
/// <param name="Bias">Linear: bias; norms: beta.</param>
/// <param name="Activation">Activation kind (LeakyRelu slope 0.01).</param>
/// <param name="RunningMean">BatchNorm running mean.</param>
/// <param name="RunningVar">BatchNorm running variance.</param>
/// <param name="Epsilon">Normalisation epsilon.</param>
/// <param name="Children">Residual: the layers of the residual branch.</param>
public sealed record NeuralLayer(
    NeuralLayerKind Kind,
    float[,]? Weight = null,
    float[]? Bias = null,
    NeuralActivation? Activation = null,
    float[]? RunningMean = null,
    float[]? RunningVar = null,
    double Epsilon = 0,
    IReadOnlyList<NeuralLayer>? Children = null);
