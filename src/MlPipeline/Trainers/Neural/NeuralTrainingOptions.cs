using MlPipeline.Data;

namespace MlPipeline.Trainers.Neural;

/// <summary>Training hyperparameters shared by all neural regressors. Defaults suit standardised tabular features.</summary>
public sealed record NeuralTrainingOptions
{
    /// <summary>Name of the input feature vector column (Single).</summary>
    public string FeatureColumnName { get; init; } = ColumnNames.Features;
    /// <summary>Name of the label column (Single).</summary>
    public string LabelColumnName { get; init; } = ColumnNames.Label;
    /// <summary>Name of the output score column.</summary>
    public string ScoreColumnName { get; init; } = ColumnNames.Score;
    /// <summary>Training loss; default MSE.</summary>
    public NeuralLoss Loss { get; init; } = NeuralLoss.Mse;

    /// <summary>Optimiser.</summary>
    public NeuralOptimizer Optimizer { get; init; } = NeuralOptimizer.AdamW;
    /// <summary>Initial learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Weight decay (decoupled for AdamW, L2 otherwise).</summary>
    public double WeightDecay { get; init; } = 1e-5;
    /// <summary>Adam's and AdamW's second-moment decay β₂.</summary>
    public double AdamBeta2 { get; init; } = 0.999;
    /// <summary>Momentum for SGD.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Learning-rate schedule.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.ReduceOnPlateau;
    /// <summary>Factor applied to the rate on a plateau.</summary>
    public double PlateauFactor { get; init; } = 0.5;
    /// <summary>Epochs without improvement before the rate is reduced.</summary>
    public int PlateauPatience { get; init; } = 8;
    /// <summary>Rows per mini-batch.</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>Maximum number of epochs (passes over the training rows, or over <see cref="MaxRowsPerEpoch"/> of them).</summary>
    public int MaxEpochs { get; init; } = 200;
    /// <summary>
    /// Rows one epoch trains on at most: on more training rows an epoch is the next slice of a shuffled pass, so the
    /// validation loss is checked, and the best weights kept, every that many rows. A network stopped by a time cap on
    /// large data then has an epoch to keep (a whole pass over 160,000 rows outlasted a 14 s cap); 0 means whole passes.
    /// </summary>
    public int MaxRowsPerEpoch { get; init; } = 50_000;
    /// <summary>
    /// Seconds the fit is given (a trial's cap, or a fold's share of it); 0 when unbounded. When one epoch and its
    /// validation pass would take more than a quarter of it (timed on one batch before training), each epoch trains on
    /// the slice of a shuffled pass that fits, so a fit stopped by its time has several epochs to choose from.
    /// </summary>
    public double TimeAvailableSeconds { get; init; }
    /// <summary>
    /// Rows the caller scores with the fitted network within <see cref="TimeAvailableSeconds"/> (0: none said). Their
    /// forward pass is timed on one block before training and its time kept out of the training time; when it alone would
    /// take over half the time, the fit is refused before training. At a million rows the paper's TabM scores about 1,800
    /// rows a second on one core: the 360,000 validation and test rows took longer than the whole 190 s cap.
    /// </summary>
    public long RowsScoredAfterFit { get; init; }
    /// <summary>Stop when the validation loss has not improved for this many epochs (0 disables early stopping).</summary>
    public int EarlyStoppingPatience { get; init; } = 20;
    /// <summary>Fraction of the training rows held out (seeded) for validation; 0 disables validation.</summary>
    public double ValidationFraction { get; init; } = 0.15;
    /// <summary>
    /// Most rows held out for validation, whatever <see cref="ValidationFraction"/> gives; 0 means no limit. The validation
    /// loss only picks the epoch to keep and when to stop, and on 10,000 rows its relative standard error is about 1.4 %
    /// (√(2/n) for normal residuals); at a million rows 15 % is 96,000 rows, which cost TabM more than its epochs did.
    /// The rows beyond it train. Below about 67,000 training rows (every shared and development set) it changes nothing.
    /// </summary>
    public int MaxValidationRows { get; init; } = 10_000;
    /// <summary>Maximum gradient L2 norm; 0 disables clipping.</summary>
    public double GradientClipNorm { get; init; } = 1.0;
    /// <summary>Wall-clock budget in seconds, checked at each epoch boundary; 0 means unlimited.</summary>
    public double MaxTrainingSeconds { get; init; }
    /// <summary>Train on ln(label) when every label is positive and the label's skewness exceeds 1; predictions are returned on the original scale.</summary>
    public bool LogTransformSkewedLabel { get; init; }
    /// <summary>Seed for initial weights, shuffling, dropout and the validation split.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Torch intra-op thread count; 0 keeps torch's current setting.</summary>
    public int Threads { get; init; }
}
