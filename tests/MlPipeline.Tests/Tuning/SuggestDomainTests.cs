using MlPipeline.Tuning;
using MlPipeline.Tuning.Samplers;

namespace MlPipeline.Tests.Tuning;

public sealed class SuggestDomainTests
{
    public static TheoryData<string> Samplers => ["random", "tpe", "tpe-multivariate"];

    private static ISampler Make(string name) => name switch
    {
        "random" => new RandomSampler(11),
        "tpe" => new TpeSampler(11, new TpeSettings(NStartupTrials: 5)),
        _ => new TpeSampler(11, new TpeSettings(NStartupTrials: 5, Multivariate: true)),
    };

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Suggest_EveryKind_StaysInsideItsDomain(string sampler)
    {
        // Given an objective with log, stepped, int, categorical and conditional parameters
        var study = Study.Create("s", sampler: Make(sampler));
        var seen = new List<(double Lr, double Frac, int Depth, int Leaves, object Choice, bool HasGamma)>();
        study.Optimize(t =>
        {
            var lr = t.SuggestFloat("lr", 1e-4, 1e-1, log: true);
            var frac = t.SuggestFloat("frac", 0.1, 0.9, step: 0.2);
            var depth = t.SuggestInt("depth", 2, 12, step: 2);
            var leaves = t.SuggestInt("leaves", 2, 256, log: true);
            object choice = t.SuggestCategorical("c", [1, 2, 3]);
            var model = t.SuggestCategorical("model", ["gbm", "linear"]);
            var useL1 = t.SuggestCategorical("l1", [true, false]);
            var hasGamma = model == "gbm";
            var gamma = hasGamma ? t.SuggestFloat("gamma", 0.5, 2.5) : 0;
            lock (seen) seen.Add((lr, frac, depth, leaves, choice, hasGamma));
            return Math.Log(lr) + frac + depth + gamma + (useL1 ? 1 : 0) + (int)choice;
        }, nTrials: 30);

        // Then every value is legal and conditional params exist only under their branch
        Assert.All(seen, s =>
        {
            Assert.InRange(s.Lr, 1e-4, 1e-1);
            Assert.InRange(s.Frac, 0.1 - 1e-9, 0.9 + 1e-9);
            Assert.True(Math.Abs((s.Frac - 0.1) / 0.2 - Math.Round((s.Frac - 0.1) / 0.2)) < 1e-9);
            Assert.InRange(s.Depth, 2, 12);
            Assert.Equal(0, s.Depth % 2);
            Assert.InRange(s.Leaves, 2, 256);
            Assert.IsType<int>(s.Choice);
        });
        Assert.All(study.Trials, t => Assert.Equal(t.Params["model"].Equals("gbm"), t.Params.ContainsKey("gamma")));
        Assert.All(study.Trials.Where(t => t.Params.ContainsKey("gamma")), t => Assert.InRange((double)t.Params["gamma"], 0.5, 2.5));
    }
}
