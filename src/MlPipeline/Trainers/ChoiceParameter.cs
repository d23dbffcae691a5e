using System.Collections.Immutable;

namespace MlPipeline.Trainers;

/// <summary>A hyperparameter that takes one of <see cref="Choices"/> (strings, integers, doubles or booleans, as a study stores them).</summary>
/// <typeparam name="T">The type of the choices; integers stay integers.</typeparam>
public sealed record ChoiceParameter<T> : HyperParameter where T : notnull
{
    /// <summary>Declares the parameter.</summary>
    /// <exception cref="ArgumentException">Choices of another type, no choices, a repeated choice, or a default that is not one of them.</exception>
    public ChoiceParameter(string name, IReadOnlyList<T> choices, T defaultValue) : base(name)
    {
        Require(typeof(T) == typeof(string) || typeof(T) == typeof(int) || typeof(T) == typeof(long) || typeof(T) == typeof(double)
            || typeof(T) == typeof(bool), $"a study cannot store {typeof(T).Name} choices");
        Choices = [.. choices];
        Require(Choices.Length > 0, "no choices");
        Require(Choices.Distinct().Count() == Choices.Length, "a choice is repeated");
        Require(Choices.Contains(defaultValue), $"default {defaultValue} is not one of {string.Join(", ", Choices)}");
        Default = defaultValue;
    }

    /// <summary>The choices, in order.</summary>
    public ImmutableArray<T> Choices { get; }

    /// <summary>The value used when none is given.</summary>
    public T Default { get; }

    /// <inheritdoc/>
    public override object DefaultValue => Default;

    /// <inheritdoc/>
    public override object Suggest(IParameterSuggester suggester) => suggester.SuggestCategorical(Name, Choices);

    /// <summary>Same name, choices and default.</summary>
    public bool Equals(ChoiceParameter<T>? other) =>
        other is not null && base.Equals(other) && Choices.SequenceEqual(other.Choices) && EqualityComparer<T>.Default.Equals(Default, other.Default);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Default, Choices.Length);
}
