namespace MlPipeline.Tuning;

/// <summary>What samplers and pruners may read of a study: its direction and its trials.</summary>
public interface IStudyView
{
    /// <summary>Optimisation direction.</summary>
    StudyDirection Direction { get; }

    /// <summary>Snapshots of the study's trials ordered by number, optionally filtered by state.</summary>
    /// <param name="states">States to keep, or null for all.</param>
    /// <returns>The trials.</returns>
    IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null);
}
