namespace MlPipeline.Tuning.Storage;

/// <summary>Queries derived from the <see cref="IStudyStorage"/> core.</summary>
public static class StudyStorageExtensions
{
    private static readonly TrialState[] CompleteOnly = [TrialState.Complete];

    /// <summary>Loads a study by name or creates it.</summary>
    /// <param name="storage">Storage.</param>
    /// <param name="name">Study name.</param>
    /// <param name="direction">Direction for a new study (a loaded one must match).</param>
    /// <returns>The study.</returns>
    public static StudyInfo CreateOrLoadStudy(this IStudyStorage storage, string name, StudyDirection direction)
    {
        for (var attempt = 0; ; attempt++)
        {
            var found = storage.FindStudy(name);
            if (found is not null)
            {
                if (found.Direction != direction)
                    throw new InvalidOperationException($"Study '{name}' exists with direction {found.Direction}, not {direction}.");
                return found;
            }

            try
            {
                return storage.CreateStudy(name, direction);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another worker created it between our lookup and insert: load theirs.
            }
        }
    }

    /// <summary>The best Complete trial, or null.</summary>
    /// <param name="storage">Storage.</param>
    /// <param name="study">Study.</param>
    /// <returns>The best trial.</returns>
    public static FrozenTrial? GetBestTrial(this IStudyStorage storage, StudyInfo study) =>
        BestOf(storage.GetAllTrials(study.StudyId, CompleteOnly), study.Direction);

    /// <summary>Number of trials in the given states.</summary>
    /// <param name="storage">Storage.</param>
    /// <param name="studyId">Study.</param>
    /// <param name="states">States, or null for all.</param>
    /// <returns>The count.</returns>
    public static int CountTrials(this IStudyStorage storage, long studyId, IReadOnlyCollection<TrialState>? states = null) =>
        storage.GetAllTrials(studyId, states).Count;

    internal static FrozenTrial? BestOf(IEnumerable<FrozenTrial> trials, StudyDirection direction)
    {
        FrozenTrial? best = null;
        foreach (var t in trials)
        {
            if (t.State != TrialState.Complete || t.Value is not { } v) continue;
            if (best is null || (direction == StudyDirection.Minimize ? v < best.Value : v > best.Value)) best = t;
        }

        return best;
    }
}
