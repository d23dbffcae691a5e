namespace MlPipeline.Preprocessing;

/// <summary>What replaces a missing numeric value (a missing-indicator feature is added as well).</summary>
public enum ImputationKind
{
    /// <summary>The training mean of the column.</summary>
    Mean,

    /// <summary>The training minimum of the column.</summary>
    Minimum,

    /// <summary>The training maximum of the column.</summary>
    Maximum,

    /// <summary>Zero.</summary>
    Zero,
}
