namespace MlPipeline.Trainers.Neural;

/// <summary>
/// The training hyperparameters both networks search, over the same domains; each network brings its own defaults
/// and optimisers.
/// </summary>
internal sealed class NeuralTrainingSpace
{
    private readonly FloatParameter _learningRate;
    private readonly FloatParameter _weightDecay = new("weight_decay", 1e-7, 1e-2, defaultValue: 1e-5, log: true);
    private readonly ChoiceParameter<int> _batchSize;
    private readonly ChoiceParameter<string> _optimizer;
    private readonly ChoiceParameter<string> _loss = new("loss", ["mse", "huber"], "mse");

    public NeuralTrainingSpace(double learningRate, int batchSize, IReadOnlyList<string> optimizers)
    {
        _learningRate = new("learning_rate", 1e-4, 1e-2, learningRate, log: true);
        _batchSize = new("batch_size", [64, 128, 256, 512], batchSize);
        _optimizer = new("optimizer", optimizers, "adamw");
        Parameters = [_learningRate, _weightDecay, _batchSize, _optimizer, _loss];
    }

    /// <summary>The declarations, in the order they are suggested.</summary>
    public IReadOnlyList<HyperParameter> Parameters { get; }

    public NeuralTrainingOptions Options(TrainerInput input, HyperParameters h) => new()
    {
        FeatureColumnName = input.FeatureColumn,
        LabelColumnName = input.LabelColumn,
        LearningRate = h.Get(_learningRate),
        WeightDecay = h.Get(_weightDecay),
        BatchSize = h.Get(_batchSize),
        Optimizer = NeuralChoices.Optimizer(h.Get(_optimizer)),
        Loss = NeuralChoices.Loss(h.Get(_loss)),
        Seed = input.Seed,
        TimeAvailableSeconds = input.TimeLimit?.TotalSeconds ?? 0,
        RowsScoredAfterFit = input.RowsScoredAfterFit,
        // One thread per network: the sweep runs trials side by side instead.
        Threads = 1,
    };
}
