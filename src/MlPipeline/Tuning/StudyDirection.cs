namespace MlPipeline.Tuning;

/// <summary>Whether a study looks for the smallest or the largest objective value.</summary>
public enum StudyDirection
{
    /// <summary>Smaller is better.</summary>
    Minimize = 0,

    /// <summary>Larger is better.</summary>
    Maximize = 1,
}
