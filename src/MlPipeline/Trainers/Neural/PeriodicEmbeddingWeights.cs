namespace MlPipeline.Trainers.Neural;

/// <summary>
/// Weights of a PBLD embedding of n features with k frequencies and m outputs per feature: for feature j,
/// h = cos(2π·x_j·Frequencies[j, :] + Phases[j, :]) and e_j = h·Projection[j, :, :] + Bias[j, :] ∈ ℝ^(m−1); the layer
/// outputs e_0 … e_(n−1) one after another, then x itself (n·m values).
/// </summary>
/// <param name="Frequencies">[n, k] frequencies.</param>
/// <param name="Phases">[n, k] phases.</param>
/// <param name="Projection">[n, k, m − 1] per-feature linear maps.</param>
/// <param name="Bias">[n, m − 1] per-feature offsets.</param>
public sealed record PeriodicEmbeddingWeights(float[,] Frequencies, float[,] Phases, float[,,] Projection, float[,] Bias);
