namespace MlPipeline.Trainers.Neural;

/// <summary>Architecture of a plain multilayer perceptron regressor, optionally with RealMLP's front end (see <see cref="RealMlp"/>).</summary>
public sealed record MlpOptions
{
    /// <summary>Width of each hidden layer, input side first.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [256, 256, 256];
    /// <summary>Hidden activation.</summary>
    public NeuralActivation Activation { get; init; } = NeuralActivation.Relu;
    /// <summary>Dropout probability after each hidden activation.</summary>
    public double Dropout { get; init; } = 0.1;
    /// <summary>Normalisation after each hidden linear layer.</summary>
    public NeuralNormalization Normalization { get; init; } = NeuralNormalization.None;
    /// <summary>Initial weight scheme.</summary>
    public WeightInitialization Initialization { get; init; } = WeightInitialization.Kaiming;
    /// <summary>
    /// Per input: (x − median)/IQR from the training rows, then the smooth clip z/√(1 + (z/3)²), inside the network.
    /// </summary>
    public bool RobustScaleAndClip { get; init; }
    /// <summary>PBLD periodic embedding of every input after the clip; null for none.</summary>
    public PeriodicEmbeddingOptions? PeriodicEmbedding { get; init; }
    /// <summary>A learnt scale per input of the first linear layer (starting at 1); 0 for none, else its learning-rate factor.</summary>
    public double FrontScaleLearningRateFactor { get; init; }
    /// <summary>Hidden activations are x + α·(f(x) − x) with a learnt α per neuron; 0 for plain f, else α's learning-rate factor.</summary>
    public double ParametricActivationLearningRateFactor { get; init; }
    /// <summary>
    /// Learning rates of the neural tangent parametrisation RealMLP trains in: each linear weight steps at
    /// lr/√fan-in (what Adam's step on a weight multiplied by 1/√fan-in in the forward pass amounts to), each bias at
    /// lr·0.1 without decay. Off, every parameter steps at lr.
    /// </summary>
    public bool TangentLearningRates { get; init; }
    /// <summary>Training hyperparameters.</summary>
    public NeuralTrainingOptions Training { get; init; } = new();

    /// <summary>
    /// RealMLP-TD for regression (Holzmüller et al. 2024, "Better by default: strong pre-tuned MLPs and boosted trees
    /// on tabular data", Table/Appendix of default parameters; pytabkit <c>DefaultParams.RealMLP_TD_REG</c>): 3×256 Mish
    /// with parametric activations (lr factor 0.1), dropout 0.15, robust scaling and smooth clipping, PBLD embeddings,
    /// a front scale (lr factor 6), Adam with β₂ = 0.95, lr 0.2 in the tangent parametrisation with the coslog4
    /// schedule, decoupled weight decay 0.02, batch 256, 256 epochs, the best epoch on the validation rows kept (no
    /// early stopping, as the schedule's restarts would trip it). Not taken over: the data-dependent initialisation,
    /// the flat-cos schedules of dropout and decay, and clamping the output to the training label range.
    /// </summary>
    public static MlpOptions RealMlp { get; } = new()
    {
        HiddenLayers = [256, 256, 256],
        Activation = NeuralActivation.Mish,
        Dropout = 0.15,
        RobustScaleAndClip = true,
        PeriodicEmbedding = new PeriodicEmbeddingOptions(),
        FrontScaleLearningRateFactor = 6,
        ParametricActivationLearningRateFactor = 0.1,
        TangentLearningRates = true,
        Training = new NeuralTrainingOptions
        {
            Optimizer = NeuralOptimizer.AdamW,
            AdamBeta2 = 0.95,
            LearningRate = 0.2,
            WeightDecay = 0.02,
            Schedule = LearningRateSchedule.CosLog4,
            BatchSize = 256,
            MaxEpochs = 256,
            EarlyStoppingPatience = 0,
            GradientClipNorm = 0,
        },
    };
}
