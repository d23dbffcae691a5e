using System.Numerics;

namespace MlPipeline.Trainers;

/// <summary>A numeric hyperparameter in [<see cref="Low"/>, <see cref="High"/>], searched log-uniformly when <see cref="Log"/>.</summary>
/// <typeparam name="T">The number type.</typeparam>
public abstract record RangeParameter<T> : HyperParameter where T : struct, INumber<T>
{
    private protected RangeParameter(string name, T low, T high, T defaultValue, bool log) : base(name)
    {
        Require(low <= high && (!log || low > T.Zero), $"invalid range [{low}, {high}]{(log ? " on a log scale" : "")}");
        Require(defaultValue >= low && defaultValue <= high, $"default {defaultValue} is outside [{low}, {high}]");
        (Low, High, Default, Log) = (low, high, defaultValue, log);
    }

    /// <summary>Inclusive lower bound.</summary>
    public T Low { get; }

    /// <summary>Inclusive upper bound.</summary>
    public T High { get; }

    /// <summary>The value used when none is given.</summary>
    public T Default { get; }

    /// <summary>Whether the domain is searched on a log scale.</summary>
    public bool Log { get; }

    /// <inheritdoc/>
    public override object DefaultValue => Default;
}
