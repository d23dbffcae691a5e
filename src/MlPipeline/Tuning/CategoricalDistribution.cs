using System.Text.Json.Nodes;

namespace MlPipeline.Tuning;

/// <summary>A finite set of choices (string, integer, floating point, bool or null), persisted by index.</summary>
public sealed record CategoricalDistribution : Distribution
{
    /// <summary>Creates a categorical distribution; integer choices are widened to <see cref="long"/>.</summary>
    /// <param name="choices">The choices, at least one.</param>
    public CategoricalDistribution(IReadOnlyList<object?> choices)
    {
        if (choices.Count == 0) throw new ArgumentException("A categorical distribution needs at least one choice.");
        Choices = choices.Select(ChoiceJson.Normalize).ToArray();
    }

    /// <summary>The normalised choices, in order.</summary>
    public IReadOnlyList<object?> Choices { get; }

    /// <inheritdoc/>
    public override bool IsDiscrete => true;

    /// <summary>Index of a choice, or -1.</summary>
    /// <param name="value">A choice value (compared after normalisation).</param>
    /// <returns>The index or -1.</returns>
    public int IndexOf(object? value)
    {
        var v = ChoiceJson.Normalize(value);
        for (var i = 0; i < Choices.Count; i++)
            if (Equals(Choices[i], v)) return i;
        return -1;
    }

    /// <inheritdoc/>
    public override double ToInternal(object value)
    {
        var i = IndexOf(value);
        return i >= 0 ? i : throw new ArgumentException($"'{value}' is not one of the choices.");
    }

    /// <inheritdoc/>
    public override object ToExternal(double internalValue) => Choices[(int)internalValue]!;

    /// <inheritdoc/>
    public override bool Contains(double internalValue) =>
        internalValue >= 0 && internalValue < Choices.Count && internalValue == Math.Floor(internalValue);

    /// <inheritdoc/>
    public override double ToUnit(double internalValue) => (internalValue + 0.5) / Choices.Count;

    /// <inheritdoc/>
    public override double FromUnit(double unit) => Math.Clamp(Math.Floor(unit * Choices.Count), 0, Choices.Count - 1);

    internal override (double Low, double High)? UnitBin(double internalValue) =>
        (internalValue / Choices.Count, (internalValue + 1) / Choices.Count);

    internal override long? Cardinality => Choices.Count;

    internal override IEnumerable<double> EnumerateInternal() => Enumerable.Range(0, Choices.Count).Select(i => (double)i);

    /// <inheritdoc/>
    public bool Equals(CategoricalDistribution? other) =>
        other is not null && Choices.SequenceEqual(other.Choices);

    /// <inheritdoc/>
    public override int GetHashCode() => Choices.Aggregate(17, (h, c) => h * 31 + (c?.GetHashCode() ?? 0));

    private protected override JsonObject ToJsonNode() => new()
    {
        ["kind"] = "categorical", ["choices"] = new JsonArray(Choices.Select(ChoiceJson.ToNode).ToArray()),
    };
}
