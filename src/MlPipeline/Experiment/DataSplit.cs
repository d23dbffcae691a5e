namespace MlPipeline.Experiment;

/// <summary>How the labelled rows were divided.</summary>
/// <param name="TrainRows">Rows models were fitted on during selection (per fold with cross-validation).</param>
/// <param name="ValidationRows">Rows models were compared on (all labelled rows, out of fold, with cross-validation).</param>
/// <param name="TestRows">Held-out rows, scored only for reporting.</param>
/// <param name="TestFraction">Fraction of labelled rows held out for test.</param>
/// <param name="ValidationFraction">Fraction of the remaining rows used for validation.</param>
/// <param name="Seed">Seed of the split.</param>
public sealed record DataSplit(long TrainRows, long ValidationRows, long TestRows, double TestFraction, double ValidationFraction, int Seed)
{
    /// <summary>Cross-validation folds models were compared on; 1 means a single hold-out validation split.</summary>
    public int Folds { get; init; } = 1;

    /// <summary>The validation protocol in words, for reports.</summary>
    public string Protocol => Folds > 1
        ? $"{Folds}-fold cross-validation on {ValidationRows} labelled rows (out-of-fold RMSE; each fold fitted on about {TrainRows} rows, preprocessing refitted per fold)"
        : $"hold-out validation: fitted on {TrainRows} rows, compared on {ValidationRows} rows";
}
