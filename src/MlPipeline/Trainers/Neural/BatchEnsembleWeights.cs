namespace MlPipeline.Trainers.Neural;

/// <summary>
/// The per-member parameters of a BatchEnsemble linear layer of k members (see <see cref="NeuralLayerKind.BatchEnsembleLinear"/>).
/// </summary>
/// <param name="InputScale">[k, in]: r, multiplying each member's input.</param>
/// <param name="OutputScale">[k, out]: s, multiplying each member's output of the shared weight.</param>
/// <param name="Bias">[k, out]: each member's bias.</param>
public sealed record BatchEnsembleWeights(float[,] InputScale, float[,] OutputScale, float[,] Bias);
