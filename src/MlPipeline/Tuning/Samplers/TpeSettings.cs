namespace MlPipeline.Tuning.Samplers;

/// <summary>TPE hyperparameters; the defaults are Optuna's.</summary>
/// <param name="NStartupTrials">Random trials before TPE starts.</param>
/// <param name="NEiCandidates">Candidates drawn from l(x) per suggestion, ranked by l(x)/g(x).</param>
/// <param name="PriorWeight">Weight of the uniform-ish prior component.</param>
/// <param name="ConsiderEndpoints">Use the domain ends when computing univariate bandwidths.</param>
/// <param name="ConsiderMagicClip">Bound bandwidths below by range / min(100, 1 + n_kernels).</param>
/// <param name="Multivariate">Model parameters jointly (Falkner et al. 2018) instead of independently.</param>
/// <param name="ConstantLiar">Count other Running trials as finished with the worst finished value (Optuna's
/// <c>constant_liar</c>), so parallel or distributed workers asking at the same time do not propose near-duplicates.</param>
public sealed record TpeSettings(
    int NStartupTrials = 10,
    int NEiCandidates = 24,
    double PriorWeight = 1.0,
    bool ConsiderEndpoints = false,
    bool ConsiderMagicClip = true,
    bool Multivariate = false,
    bool ConstantLiar = false);
