namespace MlPipeline.Experiment;

/// <summary>Where a run is, for progress displays.</summary>
public enum ExperimentStage
{
    /// <summary>Scanning the file and inferring the schema.</summary>
    Inferring,

    /// <summary>Splitting and fitting the preprocessing chain.</summary>
    Preparing,

    /// <summary>Training and validating candidate models.</summary>
    Training,

    /// <summary>Selecting an ensemble of the best trials.</summary>
    Ensembling,

    /// <summary>Refitting the winner on training plus validation rows.</summary>
    Refitting,

    /// <summary>Scoring the held-out test rows.</summary>
    Evaluating,

    /// <summary>Finished.</summary>
    Done,
}
