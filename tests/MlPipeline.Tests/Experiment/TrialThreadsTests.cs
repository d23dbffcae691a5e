using System.Collections.Concurrent;
using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Experiment;

public sealed class TrialThreadsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Should_GiveATrialTheIdleCores_When_ItRunsAlone()
    {
        var recorder = new RecordingCandidate();
        var registry = new TrainerRegistry([recorder]);

        new RegressionExperiment(new MLContext(1), registry).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("t.csv", SyntheticData.Csv(200)), Label = SyntheticData.Label, MaxTrials = 2, Parallelism = 1,
        }).Run();

        // The sweep's trials ran one at a time, so each had every core; the final refit too.
        Assert.NotEmpty(recorder.Threads);
        Assert.All(recorder.Threads, t => Assert.Equal(Environment.ProcessorCount, t));
    }

    private sealed class RecordingCandidate : IRegressorCandidate
    {
        public ConcurrentBag<int> Threads { get; } = [];
        public string Name => "recording";
        public TrainerFamily Family => TrainerFamily.Linear;
        public bool RequiresNonNegativeLabel => false;
        public double DefaultsCost => 0;
        public IReadOnlyList<HyperParameter> Space => [];

        public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters hyperParameters)
        {
            Threads.Add(input.Threads);
            return ml.Regression.Trainers.Sdca(input.LabelColumn, input.FeatureColumn);
        }
    }
}
