namespace MlPipeline.Trainers;

/// <summary>A floating-point hyperparameter.</summary>
public sealed record FloatParameter : RangeParameter<double>
{
    /// <summary>Declares the parameter.</summary>
    /// <exception cref="ArgumentException">The range is empty (or not positive on a log scale), or the default lies outside it.</exception>
    public FloatParameter(string name, double low, double high, double defaultValue, bool log = false) : base(name, low, high, defaultValue, log)
    {
    }

    /// <inheritdoc/>
    public override object Suggest(IParameterSuggester suggester) => suggester.SuggestFloat(Name, Low, High, Log);
}
