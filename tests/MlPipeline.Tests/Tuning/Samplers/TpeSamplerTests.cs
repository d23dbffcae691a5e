using MlPipeline.Tuning;
using MlPipeline.Tuning.Samplers;

namespace MlPipeline.Tests.Tuning.Samplers;

public sealed class TpeSamplerTests
{
    private static double Quadratic(Trial t)
    {
        var x = t.SuggestFloat("x", -10, 10);
        var y = t.SuggestFloat("y", -10, 10);
        return (x - 2) * (x - 2) + (y + 3) * (y + 3);
    }

    private static double Median(IEnumerable<double> values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    private static double Best(ISampler sampler)
    {
        var study = Study.Create("q", sampler: sampler);
        study.Optimize(Quadratic, nTrials: 60);
        return study.BestValue;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tpe_Quadratic2DAt60Trials_BeatsRandomClearly(bool multivariate)
    {
        // Given 9 seeds of TPE and of Random on a 2-D quadratic with 60 trials each
        var seeds = Enumerable.Range(0, 9).ToArray();
        var tpe = Median(seeds.Select(s => Best(new TpeSampler(s, new TpeSettings(Multivariate: multivariate)))));
        var random = Median(seeds.Select(s => Best(new RandomSampler(s))));

        // Then TPE's median best value is at most half of Random's
        Assert.True(tpe < 0.5 * random, $"TPE median {tpe:G4} vs Random median {random:G4}");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Tpe_ConstantLiar_TwoConcurrentAsksAfterTheSameHistory_ProposeDifferentValues(bool liar, bool multivariate)
    {
        // Given a shared history of 12 finished trials and two workers whose samplers are in the same state
        var storage = new MlPipeline.Tuning.Storage.InMemoryStudyStorage();
        Study.Create("cl", storage, sampler: new RandomSampler(5)).Optimize(Quadratic, nTrials: 12);
        var settings = new TpeSettings(Multivariate: multivariate, ConstantLiar: liar);
        var first = Study.CreateOrLoad("cl", storage, sampler: new TpeSampler(7, settings));
        var second = Study.CreateOrLoad("cl", storage, sampler: new TpeSampler(7, settings));

        // When both ask before either finishes
        var a = first.Ask();
        var (ax, ay) = (a.SuggestFloat("x", -10, 10), a.SuggestFloat("y", -10, 10));
        var b = second.Ask();
        var (bx, by) = (b.SuggestFloat("x", -10, 10), b.SuggestFloat("y", -10, 10));

        // Then without the liar they propose the same point; with it, the running trial pushes the second away
        var distance = Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
        if (liar) Assert.True(distance > 0.1, $"distance {distance:G4}");
        else Assert.Equal(0, distance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tpe_SmallDiscreteSpace_ExploitsTheBestConfiguration(bool multivariate)
    {
        // Given a discrete space of 4 x 3 x 2 = 24 configurations, one of them best, and 48 trials
        var study = Study.Create("d", sampler: new TpeSampler(3, new TpeSettings(NStartupTrials: 4, Multivariate: multivariate)));
        study.Optimize(t =>
        {
            var a = t.SuggestInt("a", 0, 3);
            var b = t.SuggestCategorical("b", ["x", "yy", "zzz"]);
            var c = t.SuggestCategorical("c", [true, false]);
            return a + b.Length + (c ? 1 : 0);
        }, nTrials: 48);

        // Then the sampler came back to the optimum (0, "x", false) instead of being pushed to every unseen corner
        var late = study.Trials.Skip(24).Count(t => Convert.ToInt32(t.Params["a"]) == 0 && (string)t.Params["b"] == "x" && !(bool)t.Params["c"]);
        Assert.True(late >= 5, $"the best configuration was proposed {late} times in the last 24 trials");
    }

    [Fact]
    public void Tpe_ConditionalParameter_UsesOnlyTrialsThatHaveIt()
    {
        // Given a conditional param whose good region is near 0.9 for branch "a"
        var study = Study.Create("c", sampler: new TpeSampler(5));
        study.Optimize(t =>
        {
            var branch = t.SuggestCategorical("branch", ["a", "b"]);
            if (branch == "b") return 1.0 + t.SuggestFloat("w", 0, 1);
            var v = t.SuggestFloat("v", 0, 1);
            return (v - 0.9) * (v - 0.9);
        }, nTrials: 50);

        // Then the sampler concentrated "v" near its optimum in the later trials
        var late = study.Trials.Skip(30).Where(t => t.Params.ContainsKey("v")).Select(t => (double)t.Params["v"]).ToList();
        Assert.NotEmpty(late);
        Assert.True(Median(late) > 0.7, $"median late v = {Median(late)}");
        Assert.Equal("a", study.BestParams["branch"]);
    }

    [Fact]
    public void Split_PrunedTrials_RankBelowCompleteByFurthestStepThenValue()
    {
        // Given complete trials and pruned trials that reached different steps
        var trials = new List<FrozenTrial>
        {
            TuningTestKit.Crafted(0, TrialState.Complete, 5),
            TuningTestKit.Crafted(1, TrialState.Pruned, 0.1, TuningTestKit.Curve(0.1)),
            TuningTestKit.Crafted(2, TrialState.Pruned, 0.9, TuningTestKit.Curve(3, 2, 0.9)),
            TuningTestKit.Crafted(3, TrialState.Complete, 1),
            TuningTestKit.Crafted(4, TrialState.Pruned, null),
            TuningTestKit.Crafted(5, TrialState.Failed),
        };

        // When 3 go below, Then both complete ones plus the pruned trial that went furthest, in number order
        var (below, above) = TpeSplit.Split(trials, StudyDirection.Minimize, 3);
        Assert.Equal([0, 2, 3], below.Select(t => t.Number));
        Assert.Equal([1, 4], above.Select(t => t.Number));
    }

    [Fact]
    public void DefaultWeights_Sizes_MatchOptunaRamp()
    {
        // Given Optuna's default_weights, Then <25 is flat and >=25 ramps linearly for the oldest
        Assert.All(TpeSplit.DefaultWeights(10), w => Assert.Equal(1.0, w));
        var w30 = TpeSplit.DefaultWeights(30);
        Assert.Equal(1.0 / 30, w30[0], 12);
        Assert.Equal(1.0, w30[4], 12);
        Assert.All(w30.Skip(5), w => Assert.Equal(1.0, w));
        Assert.Equal(1, TpeSplit.DefaultGamma(5));
        Assert.Equal(25, TpeSplit.DefaultGamma(1000));
    }
}

public sealed class SamplerDeterminismTests
{
    public static TheoryData<string> Kinds => ["random", "tpe-multivariate"];

    private static ISampler Make(string kind, int seed) =>
        kind == "random" ? new RandomSampler(seed) : new TpeSampler(seed, new TpeSettings(Multivariate: true));

    private static List<string> Run(string kind, int seed)
    {
        var study = Study.Create("det", sampler: Make(kind, seed));
        study.Optimize(t =>
        {
            var a = t.SuggestFloat("a", 0, 1);
            var b = t.SuggestInt("b", 1, 100, log: true);
            var c = t.SuggestCategorical("c", [0.5, 1.5]);
            for (var s = 0; s < 3; s++) t.Report(a * b / (s + 1), s);
            return a * b + c;
        }, nTrials: 20);
        return study.Trials.Select(t => $"{t.Params["a"]}|{t.Params["b"]}|{t.Params["c"]}").ToList();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Sampler_SameSeed_ReproducesSequenceAndOtherSeedDiffers(string kind)
    {
        // Given the same objective run twice per seed, Then equal seeds give equal sequences and different ones do not
        Assert.Equal(Run(kind, 5), Run(kind, 5));
        Assert.NotEqual(Run(kind, 5), Run(kind, 6));
    }
}
