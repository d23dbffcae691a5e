namespace MlPipeline.Trainers;

/// <summary>An integer hyperparameter.</summary>
public sealed record IntParameter : RangeParameter<int>
{
    /// <summary>Declares the parameter.</summary>
    /// <exception cref="ArgumentException">The range is empty (or not positive on a log scale), or the default lies outside it.</exception>
    public IntParameter(string name, int low, int high, int defaultValue, bool log = false) : base(name, low, high, defaultValue, log)
    {
    }

    /// <inheritdoc/>
    public override object Suggest(IParameterSuggester suggester) => suggester.SuggestInt(Name, Low, High, Log);
}
