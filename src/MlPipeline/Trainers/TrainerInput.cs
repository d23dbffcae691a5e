using Microsoft.ML;

namespace MlPipeline.Trainers;

/// <summary>What every trainer needs besides its hyperparameters.</summary>
/// <param name="LabelColumn">The label column (float32).</param>
/// <param name="FeatureColumn">The feature vector column (float32).</param>
/// <param name="Seed">Seed for trainers that randomise.</param>
/// <param name="Rows">Training rows, for trainers whose sensible defaults depend on data size.</param>
public sealed record TrainerInput(string LabelColumn, string FeatureColumn, int Seed, long Rows)
{
    /// <summary>Stops iterative trainers that watch it (the neural ones) at their next step.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Time this fit has before <see cref="Cancellation"/> is expected to fire, when the caller knows it (a trial's cap,
    /// a fold's share of it, the refit's remaining budget). Trainers that plan a schedule over their whole run (RealMLP's
    /// learning rate) fit the schedule into it; null when unknown.
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// Rows the caller scores with the fitted model within <see cref="TimeLimit"/> (a trial's validation and test rows);
    /// 0 when it does not say. A network keeps their forward pass's measured time out of its training time.
    /// </summary>
    public long RowsScoredAfterFit { get; init; }

    /// <summary>
    /// Called by trainers that learn in steps (epochs) with the step and its validation loss; returning false
    /// stops training (the pruner's verdict). Null when nobody listens.
    /// </summary>
    public Func<int, double, bool>? OnStep { get; init; }

    /// <summary>
    /// Threads the trainer may use: the cores that trials running side by side leave idle. Trainers that can use
    /// them (the tree ensembles, SDCA, L-BFGS) do; the networks stay at one, as torch's thread count is process-wide.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Featurized rows held out from the fit that trainers which can stop early (the boosted trees) watch: they add
    /// rounds while the loss on these rows improves and keep the best count. Null for none.
    /// </summary>
    public IDataView? Validation { get; init; }

    /// <summary>
    /// Boosting rounds an early-stopped fit of the same configuration chose, for a refit that has no rows to stop on.
    /// Null when none was chosen: the trainer then stops on <see cref="Validation"/>, or fits its default count.
    /// </summary>
    public int? Iterations { get; init; }
}
