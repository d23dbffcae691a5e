using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;

namespace MlPipeline.Trainers;

/// <summary>A trainer's hyperparameters by name; values are numbers, strings or booleans.</summary>
public sealed record HyperParameters(ImmutableSortedDictionary<string, object> Values)
{
    /// <summary>No hyperparameters.</summary>
    public static HyperParameters Empty { get; } = new(ImmutableSortedDictionary<string, object>.Empty);

    /// <summary>Creates a set from name/value pairs.</summary>
    public static HyperParameters Of(params (string Name, object Value)[] values) =>
        new(values.ToImmutableSortedDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

    /// <summary>A copy with <paramref name="name"/> set.</summary>
    public HyperParameters With(string name, object value) => new(Values.SetItem(name, value));

    /// <summary>The declared defaults of <paramref name="space"/>.</summary>
    public static HyperParameters DefaultsOf(IEnumerable<HyperParameter> space) => Of([.. space.Select(p => (p.Name, p.DefaultValue))]);

    /// <summary>Draws every parameter of <paramref name="space"/> from <paramref name="suggester"/>, in order.</summary>
    public static HyperParameters Suggest(IEnumerable<HyperParameter> space, IParameterSuggester suggester) =>
        Of([.. space.Select(p => (p.Name, p.Suggest(suggester)))]);

    /// <summary>The value of <paramref name="parameter"/>, or its default when absent.</summary>
    public T Get<T>(RangeParameter<T> parameter) where T : struct, INumber<T> => Read(parameter.Name, parameter.Default);

    /// <summary>
    /// The value of <paramref name="parameter"/>, or its default when absent. A study hands integers back as
    /// <see cref="long"/> and older studies stored integer choices as strings; both convert to <typeparamref name="T"/>.
    /// </summary>
    public T Get<T>(ChoiceParameter<T> parameter) where T : notnull => Read(parameter.Name, parameter.Default);

    private T Read<T>(string name, T fallback) where T : notnull =>
        Values.TryGetValue(name, out var v) ? v is T t ? t : (T)Convert.ChangeType(v, typeof(T), CultureInfo.InvariantCulture) : fallback;

    /// <summary>Same names with the same values (numbers compared by value, whatever their boxed type).</summary>
    public bool Equals(HyperParameters? other) =>
        other is not null && Values.Count == other.Values.Count
        && Values.All(kv => other.Values.TryGetValue(kv.Key, out var v) && SameValue(kv.Value, v));

    /// <inheritdoc/>
    public override int GetHashCode() => string.Join(",", Values.Keys).GetHashCode(StringComparison.Ordinal);

    private static bool SameValue(object a, object b) =>
        a is string || b is string || a is bool || b is bool
            ? Equals(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture))
            : Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture);

    /// <summary>"name=value" pairs, for tables and logs.</summary>
    public override string ToString() =>
        string.Join(", ", Values.Select(kv => $"{kv.Key}={Format(kv.Value)}"));

    private static string Format(object value) => value switch
    {
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
