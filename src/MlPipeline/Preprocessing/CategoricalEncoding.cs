using System.Collections.Immutable;

namespace MlPipeline.Preprocessing;

/// <summary>How one categorical column is one-hot encoded.</summary>
/// <param name="Column">The source column.</param>
/// <param name="Categories">Kept values, most frequent first; each gets one indicator slot.</param>
/// <param name="DistinctInTraining">Distinct non-empty values seen in the training rows.</param>
public sealed record CategoricalEncoding(string Column, ImmutableArray<string> Categories, int DistinctInTraining)
{
    /// <summary>Whether rarer categories were folded into the all-zero "other" code.</summary>
    public bool HasOtherBucket => DistinctInTraining > Categories.Length;
}
