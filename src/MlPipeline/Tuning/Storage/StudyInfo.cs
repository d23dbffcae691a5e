namespace MlPipeline.Tuning.Storage;

/// <summary>A stored study.</summary>
/// <param name="StudyId">Storage identifier.</param>
/// <param name="Name">Unique name.</param>
/// <param name="Direction">Optimisation direction.</param>
public sealed record StudyInfo(long StudyId, string Name, StudyDirection Direction);
