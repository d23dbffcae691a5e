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

    // A network's cost grows with its rows, hardly with its width: on ~3,000 narrow training rows a fold, rows × slots
    // estimated the mlp defaults' 5 folds at under a second (queued), rows alone at the per-trial cap (not queued), as
    // cps1988's 18,064 rows of 10 slots took the whole 18.8 s cap where 4 s was estimated.
    [Fact]
    public void Should_NotQueueANetworksDefaults_When_ItHasManyNarrowRows()
    {
        // Given: ridge and mlp on 4,700 rows of 5 columns under 5-fold cross-validation; stopped once the sweep starts
        using var stop = new CancellationTokenSource();
        var progress = new List<string>();
        var reports = new Progress(progress, m => { if (m.StartsWith("sweeping", StringComparison.Ordinal)) stop.Cancel(); });
        var experiment = new RegressionExperiment(new MLContext(4), new TrainerRegistry([TrainerRegistry.Classic.Get("ridge"), new MlpCandidate()])).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("d.csv", SyntheticData.Csv(4_700)), Label = SyntheticData.Label,
            CrossValidationFolds = 5, TimeBudget = TimeSpan.FromSeconds(20), Seed = 4, Parallelism = 1,
        });
        // Stopped before a trial ended, the run has no model to return; only its plan is looked at here.
        Record.Exception(() => experiment.Run(reports, stop.Token));

        // Then: mlp is drawn by its cost, estimated at the cap
        var line = Assert.Single(progress, p => p.StartsWith("not queued first", StringComparison.Ordinal));
        Assert.Contains("mlp (~", line, StringComparison.Ordinal);
        Assert.DoesNotContain("ridge", line, StringComparison.Ordinal);
    }

    private sealed class Progress(List<string> messages, Action<string>? seen = null) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            lock (messages) messages.Add(value.Message);
            seen?.Invoke(value.Message);
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
