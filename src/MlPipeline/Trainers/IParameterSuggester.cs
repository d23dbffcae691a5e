namespace MlPipeline.Trainers;

/// <summary>
/// Where a trainer's search space draws its values from: the tuning engine's trial, adapted, or a fixed set.
/// Define-by-run: a search space is the sequence of calls a candidate makes.
/// </summary>
public interface IParameterSuggester
{
    /// <summary>A float in [low, high], log-uniform when <paramref name="log"/>.</summary>
    double SuggestFloat(string name, double low, double high, bool log = false);

    /// <summary>An integer in [low, high], log-uniform when <paramref name="log"/>.</summary>
    int SuggestInt(string name, int low, int high, bool log = false);

    /// <summary>One of <paramref name="choices"/> (strings, integers, doubles or booleans).</summary>
    T SuggestCategorical<T>(string name, IReadOnlyList<T> choices) where T : notnull;
}
