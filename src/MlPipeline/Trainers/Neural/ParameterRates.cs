namespace MlPipeline.Trainers.Neural;

/// <summary>
/// Multipliers of one parameter's update: <paramref name="Step"/> scales the learning rate of its gradient step,
/// <paramref name="Decay"/> the learning rate in its decoupled weight decay p ← p·(1 − lr·Decay·wd).
/// </summary>
internal readonly record struct ParameterRates(double Step, double Decay)
{
    public static ParameterRates Plain { get; } = new(1, 1);
}
