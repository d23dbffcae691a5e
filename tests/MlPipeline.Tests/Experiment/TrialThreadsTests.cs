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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Should_GiveALoneTrialTheIdleCores_When_TheRunNeedNotBeReproducible(int parallelism)
    {
        var recorder = new RecordingCandidate();
        var registry = new TrainerRegistry([recorder]);

        new RegressionExperiment(new MLContext(1), registry).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write($"t{parallelism}.csv", SyntheticData.Csv(200)), Label = SyntheticData.Label, MaxTrials = 1, Parallelism = parallelism,
        }).Run();

        // One trial ran alone, then the refit: with every core when trials may run side by side; one thread in the
        // reproducible mode (parallelism 1), where multi-threaded trainers would not give the same model twice.
        Assert.NotEmpty(recorder.Threads);
        Assert.All(recorder.Threads, t => Assert.Equal(parallelism > 1 ? Environment.ProcessorCount : 1, t));
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
