namespace MlPipeline.Trainers;

/// <summary>What every trainer needs besides its hyperparameters.</summary>
/// <param name="LabelColumn">The label column (float32).</param>
/// <param name="FeatureColumn">The feature vector column (float32).</param>
/// <param name="Seed">Seed for trainers that randomise.</param>
/// <param name="Rows">Training rows, for trainers whose sensible defaults depend on data size.</param>
public sealed record TrainerInput(string LabelColumn, string FeatureColumn, int Seed, long Rows);
