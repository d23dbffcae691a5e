using MlPipeline.Tuning;
using MlPipeline.Tuning.Pruners;
using static MlPipeline.Tests.Tuning.TuningTestKit;

namespace MlPipeline.Tests.Tuning.Pruners;

public sealed class PrunerTests
{
    private static List<FrozenTrial> FiveFinished() =>
        Enumerable.Range(0, 5).Select(i => Crafted(i, TrialState.Complete, i, Curve(10 + i, 5 + i, i))).ToList();

    [Fact]
    public void Median_CurveAboveMedian_IsPrunedWhenMinimizing()
    {
        // Given 5 finished curves with medians 12, 7, 2 at steps 0..2
        var view = new FakeStudyView(StudyDirection.Minimize, FiveFinished());
        var pruner = new MedianPruner();

        // Then a trial at 13 on step 0 is pruned and one at 11 is kept
        Assert.True(pruner.Prune(view, Crafted(9, TrialState.Running, curve: Curve(13))));
        Assert.False(pruner.Prune(view, Crafted(9, TrialState.Running, curve: Curve(11))));
    }

    [Fact]
    public void Median_Maximize_PrunesCurveBelowMedian()
    {
        // Given the same curves in a maximising study, Then low curves are pruned and high ones kept
        var view = new FakeStudyView(StudyDirection.Maximize, FiveFinished());
        Assert.True(new MedianPruner().Prune(view, Crafted(9, TrialState.Running, curve: Curve(11))));
        Assert.False(new MedianPruner().Prune(view, Crafted(9, TrialState.Running, curve: Curve(13))));
    }

    [Fact]
    public void Median_BeforeStartupOrWarmupOrOffInterval_DoesNotPrune()
    {
        // Given a terrible curve
        var bad = Crafted(9, TrialState.Running, curve: Curve(100, 100));
        var view = new FakeStudyView(StudyDirection.Minimize, FiveFinished());

        // Then nothing is pruned with too few finished trials, during warm-up, or off the interval
        Assert.False(new MedianPruner(nStartupTrials: 6).Prune(view, bad));
        Assert.False(new MedianPruner(nWarmupSteps: 2).Prune(view, bad));
        Assert.False(new MedianPruner(intervalSteps: 2).Prune(view, bad));
        Assert.True(new MedianPruner(intervalSteps: 1).Prune(view, bad));
        Assert.False(new NopPruner().Prune(view, bad));
    }

    [Fact]
    public void SuccessiveHalving_AtRung_KeepsTopQuarterOnly()
    {
        // Given 7 trials with step-1 values 1..7 and reduction factor 4 (rung 0 at step 1)
        var trials = Enumerable.Range(0, 7).Select(i => Crafted(i, TrialState.Complete, i, Curve(50, i + 1))).ToList();
        var view = new FakeStudyView(StudyDirection.Minimize, trials);
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 4);

        // Then among 8 values the top 2 are promoted: 1.5 stays, 2.5 is pruned; steps before the rung never prune
        Assert.False(pruner.Prune(view, Crafted(9, TrialState.Running, curve: Curve(99, 1.5))));
        Assert.True(pruner.Prune(view, Crafted(9, TrialState.Running, curve: Curve(99, 2.5))));
        Assert.False(pruner.Prune(view, Crafted(9, TrialState.Running, curve: Curve(99))));
    }

    [Fact]
    public void SuccessiveHalving_BetweenRungs_DoesNotRevokePromotion()
    {
        // Given a trial promoted at step 1 that is now at step 2 (next rung is step 4)
        var trials = Enumerable.Range(0, 7).Select(i => Crafted(i, TrialState.Complete, i, Curve(50, i + 1, 0))).ToList();
        var view = new FakeStudyView(StudyDirection.Minimize, trials);
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 4);

        // Then its bad step-2 value does not prune it, but a bad value on reaching rung step 4 does
        Assert.False(pruner.Prune(view, Crafted(9, TrialState.Running, curve: Curve(99, 1, 1000))));
        Assert.Equal(4, pruner.RungStep(1));
        var trials4 = trials.Select(t => t with { IntermediateValues = Curve(50, 1, 1, 1, t.Number) }).ToList();
        var view4 = new FakeStudyView(StudyDirection.Minimize, trials4);
        Assert.True(pruner.Prune(view4, Crafted(9, TrialState.Running, curve: Curve(99, 1, 1, 1, 1000))));
    }
}

public sealed class HyperbandPrunerTests
{
    [Fact]
    public void Hyperband_Brackets_FollowBudgetsAndCompeteOnlyWithin()
    {
        // Given max/min resource 27 and factor 3 (4 brackets)
        var pruner = new HyperbandPruner(minResource: 1, maxResource: 27, reductionFactor: 3);
        Assert.Equal(4, pruner.BracketCount);
        var counts = Enumerable.Range(0, 4000).GroupBy(pruner.BracketOf).ToDictionary(g => g.Key, g => g.Count());

        // Then the most aggressive bracket gets the most trials
        Assert.Equal(4, counts.Count);
        Assert.True(counts[0] > counts[3]);

        // And a bad curve is judged only against trials of its own bracket
        var mine = Enumerable.Range(0, 200).First(n => pruner.BracketOf(n) == 0);
        var same = Enumerable.Range(0, 400).Where(n => n != mine && pruner.BracketOf(n) == 0).Take(7).ToList();
        var other = Enumerable.Range(0, 400).Where(n => pruner.BracketOf(n) != 0).Take(7).ToList();
        var goodOthers = other.Select(n => Crafted(n, TrialState.Complete, 0, Curve(9, 0.1))).ToList();
        var badSame = same.Select(n => Crafted(n, TrialState.Complete, 0, Curve(9, 10))).ToList();
        var trial = Crafted(mine, TrialState.Running, curve: Curve(9, 5));
        Assert.False(pruner.Prune(new FakeStudyView(StudyDirection.Minimize, goodOthers.Concat(badSame).ToList()), trial));
        var goodSame = same.Select(n => Crafted(n, TrialState.Complete, 0, Curve(9, 0.1))).ToList();
        Assert.True(pruner.Prune(new FakeStudyView(StudyDirection.Minimize, goodSame), trial));
    }
}
