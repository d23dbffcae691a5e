namespace MlPipeline.Trainers;

/// <summary>The kind of model a trainer fits, for the linear-vs-non-linear comparison.</summary>
public enum TrainerFamily
{
    /// <summary>A linear model of the features (possibly through a link function).</summary>
    Linear,

    /// <summary>Trees, boosted or bagged, and generalised additive models.</summary>
    NonLinear,

    /// <summary>Neural networks trained by backpropagation.</summary>
    Neural,
}
