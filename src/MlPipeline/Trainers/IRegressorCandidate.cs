using Microsoft.ML;

namespace MlPipeline.Trainers;

/// <summary>
/// One regression trainer the pipeline can sweep: its CLI name, family, hyperparameters and estimator factory.
/// Candidates are listed in <see cref="TrainerRegistry"/>; nothing else switches on trainer names.
/// </summary>
public interface IRegressorCandidate
{
    /// <summary>CLI name, e.g. <c>fasttree</c>.</summary>
    string Name { get; }

    /// <summary>Linear, non-linear or neural.</summary>
    TrainerFamily Family { get; }

    /// <summary>
    /// Seconds the defaults took to fit on the Ames data (2,344 rows, 2 cores), as a relative cost: the sweep
    /// queues the cheap defaults first so that a short budget still sees them.
    /// </summary>
    double DefaultsCost { get; }

    /// <summary>Whether the trainer needs a non-negative label (Poisson, Tweedie).</summary>
    bool RequiresNonNegativeLabel { get; }

    /// <summary>
    /// Whether an affine scaling of the features cannot change the fitted model, so the sweep does not search the
    /// scaler for it: trees split on thresholds that move with the scaling, and the closed-form linear models
    /// standardise internally.
    /// </summary>
    bool ScaleInvariant => Family == TrainerFamily.NonLinear;

    /// <summary>
    /// Whether the trainer diverges on unscaled features, so the sweep always scales them for it: a fixed-step
    /// stochastic gradient over features of very different magnitudes overshoots on the large ones.
    /// </summary>
    bool NeedsScaledFeatures => false;

    /// <summary>
    /// Whether a fit could start now without waiting for another one: false while the trainer's fits run one at a time
    /// per process and one is still running (ML.NET fits GAMs under a process-wide lock, and a fit abandoned at a trial's
    /// cap runs on until it ends). The sweep then draws another trainer while one can start.
    /// </summary>
    bool CanStartNow => true;

    /// <summary>
    /// Every hyperparameter, declared once with its domain and default, in the order they are suggested;
    /// <see cref="CreateEstimator"/> reads the same declarations.
    /// </summary>
    IReadOnlyList<HyperParameter> Space { get; }

    /// <summary>Known-good defaults, tried first: the declared defaults of <see cref="Space"/>.</summary>
    HyperParameters Defaults => HyperParameters.DefaultsOf(Space);

    /// <summary>Draws a configuration from <see cref="Space"/>.</summary>
    HyperParameters Suggest(IParameterSuggester suggester) => HyperParameters.Suggest(Space, suggester);

    /// <summary>
    /// The ML.NET estimator for <paramref name="hyperParameters"/> (absent ones at their declared defaults),
    /// reading features and label, writing <c>Score</c>.
    /// </summary>
    IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters hyperParameters);
}
