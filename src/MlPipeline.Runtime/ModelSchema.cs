namespace MlPipeline.Runtime;

/// <summary>What a record must look like for a model: its fields and how their text is read.</summary>
/// <param name="Label">The label the model predicts; empty for a model without MlPipeline metadata.</param>
/// <param name="CultureName">Culture for numbers and dates in text cells; empty is the invariant culture.</param>
/// <param name="MissingMarkers">Text cells meaning "missing", compared case-insensitively after trimming.</param>
/// <param name="Fields">The fields the model uses, in the training file's order.</param>
public sealed record ModelSchema(string Label, string CultureName, IReadOnlyList<string> MissingMarkers, IReadOnlyList<ModelField> Fields)
{
    /// <summary>Whether a text cell is a missing marker.</summary>
    public bool IsMissing(string cell)
    {
        var trimmed = cell.AsSpan().Trim();
        foreach (var marker in MissingMarkers)
        {
            if (trimmed.Equals(marker, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
