using System.Collections.Immutable;

namespace MlPipeline.Experiment;

/// <summary>
/// A linear model's coefficients per input column, in the units of the raw inputs (the scaler folded in): a
/// numeric column's weight per unit, each kept category's offset against the "other" code, a missing indicator's
/// offset when the value was missing. Analysts compare these with the non-linear models' importances.
/// </summary>
/// <param name="Trainer">The linear trainer.</param>
/// <param name="TrialNumber">Its trial.</param>
/// <param name="Intercept">The score when every numeric input is zero and every categorical is "other".</param>
/// <param name="Columns">The input columns, largest total |weight| first.</param>
/// <param name="LogLink">Whether the score is exp of the linear predictor (Poisson): coefficients are then in log units.</param>
public sealed record LinearCoefficients(
    string Trainer, int TrialNumber, double Intercept, ImmutableArray<ColumnCoefficients> Columns, bool LogLink);
