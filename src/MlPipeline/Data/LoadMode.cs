namespace MlPipeline.Data;

/// <summary>Whether a file is loaded to train (label required, unlabelled rows dropped) or to score (every row kept).</summary>
public enum LoadMode
{
    /// <summary>The label column is loaded; rows whose label is missing are skipped.</summary>
    Training,

    /// <summary>The label is not loaded even if present; every row is kept, in order.</summary>
    Scoring,
}
