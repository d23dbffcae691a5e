using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Experiment;
using MlPipeline.Testing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Experiment;

public sealed class FirstEpochGraceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // A network still in its first epoch when the cap fires is given FirstEpochGrace (5 s) by the trainer to end it. The
    // objective waited only 3 s, abandoning folds that returned an epoch a moment later (TabM on cps1988 under
    // cross-validation: "stopped at the per-trial cap").
    [Fact]
    public void Should_CompleteANetworkTrial_When_ItsFirstEpochEndsWithinTheTrainersGraceAfterTheCap()
    {
        // Given: a network-like trainer that returns 4 s after its cap fires (its first trial only)
        var network = new SlowFirstEpoch(TimeSpan.FromSeconds(4));
        var result = new RegressionExperiment(new MLContext(2), new TrainerRegistry([network])).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("d.csv", SyntheticData.Csv(300)), Label = SyntheticData.Label,
            MaxTrials = 1, CrossValidationFolds = 1, TimeBudget = TimeSpan.FromSeconds(12),
        }).Run();

        // Then: it waited and the trial completed with what the fit returned
        var entry = Assert.Single(result.Leaderboard);
        Assert.True(network.ReturnedAfterCancel, "the cap should have fired during the fit");
        Assert.True(entry.Status == TrialStatus.Completed, $"{entry.Status}: {entry.Message}");
    }

    [Fact]
    public void Should_WaitAtMostHalfTheCapForOtherFits_AndTheFirstEpochGraceForANetwork()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), TrialObjective.StopGrace(TimeSpan.FromSeconds(4), stopsItself: false));
        Assert.Equal(TrialObjective.CapGrace, TrialObjective.StopGrace(TimeSpan.FromSeconds(60), stopsItself: false));
        Assert.True(TrialObjective.StopGrace(TimeSpan.FromSeconds(4), stopsItself: true) > NeuralTrainer.FirstEpochGrace);
    }

    private sealed class SlowFirstEpoch(TimeSpan afterCancel) : IRegressorCandidate
    {
        private int _fits;

        public bool ReturnedAfterCancel { get; private set; }
        public string Name => "slow-first-epoch";
        public TrainerFamily Family => TrainerFamily.Neural;
        public bool RequiresNonNegativeLabel => false;
        public double DefaultsCost => 0;
        public IReadOnlyList<HyperParameter> Space => [];

        public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters hyperParameters)
        {
            var sdca = ml.Regression.Trainers.Sdca(input.LabelColumn, input.FeatureColumn, maximumNumberOfIterations: 2);
            return Interlocked.Increment(ref _fits) == 1 ? new StopsLate(this, sdca, input.Cancellation, afterCancel) : sdca;
        }

        /// <summary>Ignores the cancellation for a while after it fires, then returns a model, as a network ending its first epoch.</summary>
        private sealed class StopsLate(SlowFirstEpoch owner, IEstimator<ITransformer> inner, CancellationToken token, TimeSpan afterCancel) : IEstimator<ITransformer>
        {
            public ITransformer Fit(IDataView input)
            {
                token.WaitHandle.WaitOne();
                Thread.Sleep(afterCancel);
                owner.ReturnedAfterCancel = true;
                return inner.Fit(input);
            }

            public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
        }
    }
}
