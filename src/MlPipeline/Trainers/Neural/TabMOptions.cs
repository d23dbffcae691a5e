namespace MlPipeline.Trainers.Neural;

/// <summary>
/// Architecture of TabM (Gorishniy et al. 2025, "TabM: Advancing Tabular Deep Learning With Parameter-Efficient
/// Ensembling", ICLR): one MLP imitating <see cref="Members"/> MLPs through BatchEnsemble linear layers. Member i's
/// layer computes ((x∘rᵢ)·Wᵀ)∘sᵢ + bᵢ with W shared; rᵢ of the first layer starts at random signs, every other r and s
/// at ones (the paper's "TabM" initialisation), so the members differ only in the first layer at the start. Each member
/// has its own linear head; the prediction is the mean of the heads, the training loss the mean of the members' losses.
/// The defaults are the official package's <c>TabM.make</c> defaults without feature embeddings and its default
/// optimiser (<c>AdamW(lr=0.002, weight_decay=0.0003)</c>, README "Default optimizer"), with the paper's batch 256,
/// patience 16 and gradient clipping at 1.0 (<c>paper/exp/tabm*/…/0-tuning.toml</c>).
/// </summary>
public sealed record TabMOptions
{
    /// <summary>Number of ensemble members k (the paper's k = 32, not tuned).</summary>
    public int Members { get; init; } = 32;
    /// <summary>Number of BatchEnsemble blocks (linear, ReLU, dropout); the paper's default without embeddings is 3.</summary>
    public int Blocks { get; init; } = 3;
    /// <summary>Width of every block (the paper's d_block, default 512).</summary>
    public int Width { get; init; } = 512;
    /// <summary>Dropout after each block's ReLU, drawn independently for every member.</summary>
    public double Dropout { get; init; } = 0.1;
    /// <summary>
    /// Training hyperparameters: AdamW, lr 2e-3, weight decay 3e-4 (not on biases, as the paper's
    /// <c>make_parameter_groups</c>), constant rate, batch 256, early stopping after 16 epochs without improvement of the
    /// mean prediction's validation loss, gradient norm clipped at 1. The paper trains until early stopping; the epoch
    /// cap here only bounds a run without validation rows.
    /// </summary>
    public NeuralTrainingOptions Training { get; init; } = new()
    {
        Optimizer = NeuralOptimizer.AdamW,
        LearningRate = 2e-3,
        WeightDecay = 3e-4,
        Schedule = LearningRateSchedule.Constant,
        BatchSize = 256,
        MaxEpochs = 10_000,
        EarlyStoppingPatience = 16,
        GradientClipNorm = 1.0,
    };
}
