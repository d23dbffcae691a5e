using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Experiment;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Experiment;

// At a million rows the paper's TabM scored the 360,000 validation and test rows in longer than its whole cap, after
// training up to the cap: the trial ran into the deadline and failed ("Cancelled before the objective finished").
public sealed class ScoringTimeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Should_PruneTheTrialWithTheTrainersReason_When_ANetworkRefusesAFitItCouldNotScoreInTime()
    {
        // Given: a trainer that refuses, as a network does when scoring its rows would take most of its time
        var refusing = new Refusing();
        var result = new RegressionExperiment(new MLContext(2), new TrainerRegistry([refusing, TrainerRegistry.Classic.Get("ols")])).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("d.csv", SyntheticData.Csv(300)), Label = SyntheticData.Label,
            MaxTrials = 2, CrossValidationFolds = 1, TimeBudget = TimeSpan.FromSeconds(20),
        }).Run();

        // Then: it was told the hold-out's validation and test rows, and its trial is pruned with its reason, not failed
        Assert.Equal(result.Split.ValidationRows + result.Split.TestRows, refusing.RowsScored);
        var entry = Assert.Single(result.Leaderboard, e => e.Trainer == refusing.Name);
        Assert.True(entry.Status == TrialStatus.Pruned, $"{entry.Status}: {entry.Message}");
        Assert.Equal(Refusing.Reason, entry.Message);
    }

    private sealed class Refusing : IRegressorCandidate
    {
        public const string Reason = "not started: scoring would take too long";

        public long RowsScored { get; private set; }
        public string Name => "refusing-network";
        public TrainerFamily Family => TrainerFamily.Neural;
        public bool RequiresNonNegativeLabel => false;
        public double DefaultsCost => 0;
        public IReadOnlyList<HyperParameter> Space => [];

        public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters hyperParameters)
        {
            RowsScored = input.RowsScoredAfterFit;
            return new Refuses(ml.Regression.Trainers.Sdca(input.LabelColumn, input.FeatureColumn, maximumNumberOfIterations: 2));
        }

        private sealed class Refuses(IEstimator<ITransformer> inner) : IEstimator<ITransformer>
        {
            public ITransformer Fit(IDataView input) => throw new FitRefusedException(Reason);

            public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
        }
    }
}
