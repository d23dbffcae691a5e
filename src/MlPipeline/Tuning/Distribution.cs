using System.Globalization;
using System.Text.Json.Nodes;

namespace MlPipeline.Tuning;

/// <summary>
/// Domain of one hyperparameter. Values are kept in an "internal" double form (the number itself,
/// or the choice index for categoricals) and every distribution maps that form onto the unit
/// interval, so samplers work on [0, 1] without branching on the kind of distribution.
/// </summary>
public abstract record Distribution
{
    private protected Distribution()
    {
    }

    /// <summary>Whether the distribution has finitely many values.</summary>
    public abstract bool IsDiscrete { get; }

    /// <summary>Converts a user-facing value (number, choice) to the internal double form.</summary>
    /// <param name="value">The user-facing value.</param>
    /// <returns>The internal representation.</returns>
    public abstract double ToInternal(object value);

    /// <summary>Converts the internal double form back to the user-facing value.</summary>
    /// <param name="internalValue">The internal representation.</param>
    /// <returns>The user-facing value.</returns>
    public abstract object ToExternal(double internalValue);

    /// <summary>Whether an internal value lies in the domain.</summary>
    /// <param name="internalValue">The internal representation.</param>
    /// <returns>True when the value is a legal member of the domain.</returns>
    public abstract bool Contains(double internalValue);

    /// <summary>Maps an internal value onto [0, 1] (bin centre for discrete values).</summary>
    /// <param name="internalValue">The internal representation.</param>
    /// <returns>The unit-cube coordinate.</returns>
    public abstract double ToUnit(double internalValue);

    /// <summary>Maps a unit-cube coordinate to the nearest legal internal value.</summary>
    /// <param name="unit">A coordinate in [0, 1].</param>
    /// <returns>The internal representation.</returns>
    public abstract double FromUnit(double unit);

    /// <summary>The unit-space interval covered by a discrete value, or null for continuous domains.</summary>
    internal abstract (double Low, double High)? UnitBin(double internalValue);

    /// <summary>Number of distinct values, or null when continuous.</summary>
    internal abstract long? Cardinality { get; }

    /// <summary>Enumerates the internal values of a discrete domain.</summary>
    internal abstract IEnumerable<double> EnumerateInternal();

    /// <summary>Serialises the distribution to JSON.</summary>
    /// <returns>A JSON object string.</returns>
    public string ToJson() => ToJsonNode().ToJsonString();

    private protected abstract JsonObject ToJsonNode();

    /// <summary>Parses a distribution written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The distribution.</returns>
    public static Distribution FromJson(string json)
    {
        var node = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("Distribution JSON is empty.");
        var kind = (string?)node["kind"] ?? throw new FormatException("Distribution JSON has no kind.");
        return kind switch
        {
            "float" => new FloatDistribution(
                (double)node["low"]!, (double)node["high"]!, (bool)node["log"]!, (double?)node["step"]),
            "int" => new IntDistribution((int)node["low"]!, (int)node["high"]!, (bool)node["log"]!, (int)node["step"]!),
            "categorical" => new CategoricalDistribution(
                node["choices"]!.AsArray().Select(ChoiceJson.FromNode).ToArray()),
            _ => throw new FormatException($"Unknown distribution kind '{kind}'."),
        };
    }

    private protected static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
