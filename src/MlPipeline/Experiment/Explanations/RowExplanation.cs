namespace MlPipeline.Experiment.Explanations;

/// <summary>
/// Why the model predicted what it did for one row: <see cref="BaseValue"/> + Σ <see cref="Contributions"/> =
/// <see cref="Output"/>, one contribution per input column (its one-hot slots and missing indicator summed back to it).
/// </summary>
/// <param name="BaseValue">The output expected over the reference rows.</param>
/// <param name="Contributions">One per column of <see cref="ModelExplainer.Columns"/>, in that order.</param>
/// <param name="StandardErrors">The sampling error of each contribution; zero where it is exact.</param>
/// <param name="Output">What the contributions add up to: the score, or its natural log when <paramref name="LogScale"/>.</param>
/// <param name="LogScale">Whether the contributions explain log(score) (a single log-link model: FastTreeTweedie, Poisson).</param>
internal sealed record RowExplanation(double BaseValue, double[] Contributions, double[] StandardErrors, double Output, bool LogScale);
