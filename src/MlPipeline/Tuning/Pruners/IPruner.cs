namespace MlPipeline.Tuning.Pruners;

/// <summary>Decides from stored intermediate values whether a running trial should stop early.</summary>
public interface IPruner
{
    /// <summary>Whether <paramref name="trial"/> should be pruned now.</summary>
    /// <param name="study">The study (other trials' intermediate values).</param>
    /// <param name="trial">The running trial, with its intermediate values so far.</param>
    /// <returns>True to prune.</returns>
    bool Prune(IStudyView study, FrozenTrial trial);
}
