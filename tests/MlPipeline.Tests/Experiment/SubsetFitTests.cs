using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Experiment;

public sealed class QuarterFitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // A 40 s budget gives a per-trial cap of about 12 s. A quarter fit of 4 s predicts a full fit far past it, so the
    // full fit is not even started; a quick quarter fit (about 1 s of reading the rows) lets the full fit start, which
    // then never ends on its own.
    [Theory]
    [InlineData(4.0, false)]
    [InlineData(0.0, true)]
    public void Should_CompleteWithTheQuarterFit_When_TheFullFitWouldNotEndWithinThePerTrialCap(double quarterSeconds, bool fullFitStarts)
    {
        // Given: a tree-like trainer whose fit on all the trial's rows never ends (its quick fits JIT-compiled beforehand,
        // so that the quarter's time is the sleep alone)
        var warm = new MLContext(1);
        warm.Regression.Trainers.Sdca().Fit(warm.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new Row { Features = [i, 1], Label = i })));
        var slow = new SlowOnAllRows(TimeSpan.FromSeconds(quarterSeconds));
        var result = new RegressionExperiment(new MLContext(1), new TrainerRegistry([slow])).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("big.csv", SyntheticData.Csv(16_000)), Label = SyntheticData.Label,
            MaxTrials = 1, CrossValidationFolds = 1, TimeBudget = TimeSpan.FromSeconds(40),
        }).Run();

        // Then: the trial completed with the quarter's model instead of failing for lack of time, and says so
        var entry = Assert.Single(result.Leaderboard, e => e.Trainer == slow.Name);
        Assert.Equal(TrialStatus.Completed, entry.Status);
        Assert.True(fullFitStarts == slow.Blocked, $"full fit started: {slow.Blocked} after {entry.TrainSeconds:F1} s");
        Assert.Contains($"fitted on {result.Split.TrainRows / 4:N0} of {result.Split.TrainRows:N0} training rows", entry.Message);
        Assert.True(entry.Validation!.R2 > 0.5, $"the quarter's model should predict (R² {entry.Validation.R2})");
    }

    private sealed class Row
    {
        [Microsoft.ML.Data.VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class SlowOnAllRows(TimeSpan quarterTime) : IRegressorCandidate
    {
        private long _quarter;

        public bool Blocked { get; private set; }
        public string Name => "slow-on-all-rows";
        public TrainerFamily Family => TrainerFamily.NonLinear;
        public bool RequiresNonNegativeLabel => false;
        public double DefaultsCost => 0;
        public IReadOnlyList<HyperParameter> Space => [];

        public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters hyperParameters)
        {
            var sdca = ml.Regression.Trainers.Sdca(input.LabelColumn, input.FeatureColumn, maximumNumberOfIterations: 2);
            if (Interlocked.CompareExchange(ref _quarter, input.Rows, 0) == 0) return new Slow(sdca, quarterTime);
            // The refit on train + validation (more rows than the trial's) is quick, so the test does not wait for it.
            if (input.Rows / 4 != _quarter) return sdca;
            Blocked = true;
            return new Slow(sdca, Timeout.InfiniteTimeSpan, input.Cancellation);
        }

        private sealed class Slow(IEstimator<ITransformer> inner, TimeSpan time, CancellationToken token = default) : IEstimator<ITransformer>
        {
            public ITransformer Fit(IDataView input)
            {
                if (token.WaitHandle.WaitOne(time)) throw new OperationCanceledException(token);
                return inner.Fit(input);
            }

            public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
        }
    }
}
