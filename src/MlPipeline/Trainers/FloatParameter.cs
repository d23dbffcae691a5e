namespace MlPipeline.Trainers;

/// <summary>A floating-point hyperparameter in [<see cref="Low"/>, <see cref="High"/>], log-uniform when <see cref="Log"/>.</summary>
public sealed record FloatParameter : HyperParameter
{
    /// <summary>Declares the parameter.</summary>
    /// <exception cref="ArgumentException">The range is empty (or not positive on a log scale), or the default lies outside it.</exception>
    public FloatParameter(string name, double low, double high, double defaultValue, bool log = false) : base(name)
    {
        Require(low <= high && (!log || low > 0), $"invalid range [{low}, {high}]{(log ? " on a log scale" : "")}");
        Require(defaultValue >= low && defaultValue <= high, $"default {defaultValue} is outside [{low}, {high}]");
        (Low, High, Default, Log) = (low, high, defaultValue, log);
    }

    /// <summary>Inclusive lower bound.</summary>
    public double Low { get; }

    /// <summary>Inclusive upper bound.</summary>
    public double High { get; }

    /// <summary>The value used when none is given.</summary>
    public double Default { get; }

    /// <summary>Whether the domain is searched on a log scale.</summary>
    public bool Log { get; }

    /// <inheritdoc/>
    public override object DefaultValue => Default;

    /// <inheritdoc/>
    public override object Suggest(IParameterSuggester suggester) => suggester.SuggestFloat(Name, Low, High, Log);
}
