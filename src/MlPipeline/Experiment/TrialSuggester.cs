using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Tuning;

namespace MlPipeline.Experiment;

/// <summary>
/// Lets a trainer's search space draw from a tuning <see cref="Trial"/>. Names are prefixed with the trainer's
/// name, so each trainer's parameters exist only in trials that chose it (a conditional space).
/// </summary>
internal sealed class TrialSuggester(Trial trial, string trainer) : IParameterSuggester
{
    public static string ParameterName(string trainer, string name) => $"{trainer}.{name}";

    public double SuggestFloat(string name, double low, double high, bool log = false) =>
        trial.SuggestFloat(ParameterName(trainer, name), low, high, log);

    public int SuggestInt(string name, int low, int high, bool log = false) =>
        trial.SuggestInt(ParameterName(trainer, name), low, high, log);

    public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices) where T : notnull =>
        trial.SuggestCategorical(ParameterName(trainer, name), choices);

    /// <summary>The trainer's own hyperparameters among a trial's parameters, prefix removed.</summary>
    public static HyperParameters Extract(string trainer, IReadOnlyDictionary<string, object> parameters)
    {
        var prefix = trainer + ".";
        return HyperParameters.Of([.. parameters.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => (p.Key[prefix.Length..], p.Value))]);
    }

    /// <summary>The fixed parameters that make a trial train <paramref name="candidate"/> at its defaults.</summary>
    public static Dictionary<string, object> DefaultsOf(IRegressorCandidate candidate)
    {
        var fixedParams = candidate.Defaults.Values.ToDictionary(p => ParameterName(candidate.Name, p.Key), p => p.Value);
        fixedParams[TrainerParameter] = candidate.Name;
        return fixedParams;
    }

    /// <summary>The fixed parameters of a trial of <paramref name="candidate"/>'s defaults on the user's preprocessing (<paramref name="baseline"/>).</summary>
    public static Dictionary<string, object> DefaultsTrial(IRegressorCandidate candidate, PreprocessingOptions baseline, DataSchema schema)
    {
        var defaults = DefaultsOf(candidate);
        foreach (var (key, value) in PreprocessingSearch.DefaultsOf(PreprocessingSearch.ScalersFor(candidate), baseline, schema)) defaults[key] = value;
        return defaults;
    }

    /// <summary>The categorical parameter that chooses the trainer.</summary>
    public const string TrainerParameter = "trainer";
}
