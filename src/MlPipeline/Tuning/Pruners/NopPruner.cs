namespace MlPipeline.Tuning.Pruners;

/// <summary>Never prunes.</summary>
public sealed class NopPruner : IPruner
{
    /// <inheritdoc/>
    public bool Prune(IStudyView study, FrozenTrial trial) => false;
}
