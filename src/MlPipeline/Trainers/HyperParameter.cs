namespace MlPipeline.Trainers;

/// <summary>
/// The declaration of one hyperparameter: its name, its domain and its default. A trainer declares each parameter
/// once; its defaults, its search space and its estimator all read that declaration.
/// </summary>
public abstract record HyperParameter
{
    private protected HyperParameter(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The name the study records and the leaderboard prints, e.g. <c>learning_rate</c>.</summary>
    public string Name { get; }

    /// <summary>The default, boxed as it is stored in <see cref="HyperParameters"/>.</summary>
    public abstract object DefaultValue { get; }

    /// <summary>Draws a value from the domain.</summary>
    public abstract object Suggest(IParameterSuggester suggester);

    private protected void Require(bool valid, string what)
    {
        if (!valid) throw new ArgumentException($"hyperparameter '{Name}': {what}");
    }
}
