using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Testing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Experiment;

public sealed class DeferredDefaultsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Should_NotQueueCostlyDefaults_AndStartTheTrainerAtThemWhenDrawn_When_UnderCrossValidation()
    {
        // Given: a cheap trainer and a network said to cost far more than a tenth of the sweep (its estimate is then the
        // per-trial cap), under 5-fold cross-validation, one trial at a time
        var costly = new Costly(new MlpCandidate());
        var progress = new List<string>();
        var result = new RegressionExperiment(new MLContext(4), new TrainerRegistry([TrainerRegistry.Classic.Get("ridge"), costly])).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("d.csv", SyntheticData.Csv(400)), Label = SyntheticData.Label,
            CrossValidationFolds = 5, TimeBudget = TimeSpan.FromSeconds(15), Seed = 4, Parallelism = 1,
        }).Run(new Progress(progress));

        // Then: the console says so, the cheap defaults ran first, and the network's first trial (ridge having nothing
        // left to try, ECI draws it next) was its defaults
        Assert.Contains(progress, p => p.StartsWith("not queued first", StringComparison.Ordinal) && p.Contains(costly.Name, StringComparison.Ordinal));
        var trials = result.Study!.Trials.OrderBy(t => t.Number).ToList();
        Assert.Equal("ridge", trials[0].Params[TrialSuggester.TrainerParameter]);
        var network = result.Leaderboard.Where(e => e.Trainer == costly.Name).MinBy(e => e.Number);
        Assert.NotNull(network);
        Assert.Equal(((IRegressorCandidate)costly).Defaults, network.HyperParameters);
    }

    private sealed class Progress(List<string> messages) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            lock (messages) messages.Add(value.Message);
        }
    }

    private sealed class Costly(IRegressorCandidate inner) : IRegressorCandidate
    {
        public string Name => "costly-" + inner.Name;
        public TrainerFamily Family => inner.Family;
        public double DefaultsCost => 1e6;
        public bool RequiresNonNegativeLabel => inner.RequiresNonNegativeLabel;
        public IReadOnlyList<HyperParameter> Space => inner.Space;
        public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters hyperParameters) =>
            inner.CreateEstimator(ml, input, hyperParameters);
    }
}
