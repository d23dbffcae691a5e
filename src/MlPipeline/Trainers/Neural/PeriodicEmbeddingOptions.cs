namespace MlPipeline.Trainers.Neural;

/// <summary>
/// RealMLP's PBLD embedding of each numeric input (Holzmüller et al. 2024): m = <see cref="Width"/> outputs per feature,
/// m − 1 of them a linear map of cos(2π·x·w + b) over <see cref="Frequencies"/> frequencies, plus the input itself.
/// Defaults are RealMLP-TD's (pytabkit <c>plr_hidden_1=16, plr_hidden_2=4, plr_sigma=0.1, plr_lr_factor=0.1</c>).
/// </summary>
public sealed record PeriodicEmbeddingOptions
{
    /// <summary>Frequencies k per feature.</summary>
    public int Frequencies { get; init; } = 16;
    /// <summary>Outputs m per feature (the input itself included).</summary>
    public int Width { get; init; } = 4;
    /// <summary>Standard deviation σ of the initial frequencies.</summary>
    public double Sigma { get; init; } = 0.1;
    /// <summary>Multiplier of the learning rate (and of the decay) for the embedding's parameters.</summary>
    public double LearningRateFactor { get; init; } = 0.1;
}
