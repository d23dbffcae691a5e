using System.Collections.Immutable;

namespace MlPipeline.Data;

/// <summary>Per-column roles forced by the user; they win over inference.</summary>
public sealed record SchemaOverrides
{
    /// <summary>Columns never used as features.</summary>
    public ImmutableArray<string> Ignore { get; init; } = [];

    /// <summary>Columns one-hot encoded whatever their values look like.</summary>
    public ImmutableArray<string> Categorical { get; init; } = [];

    /// <summary>Columns read as numbers; a non-numeric value is then an error.</summary>
    public ImmutableArray<string> Numeric { get; init; } = [];

    /// <summary>No overrides.</summary>
    public static SchemaOverrides None { get; } = new();
}
