using MlPipeline.Tuning;
using MlPipeline.Tuning.Samplers;

namespace MlPipeline.Tests.Tuning.Samplers;

public sealed class EciSamplerTests
{
    private static readonly CategoricalDistribution s_learners = new(["fast", "slow", "bad"]);

    [Fact]
    public void Should_TryEveryChoiceFirst_When_SomeHaveNoFinishedTrial()
    {
        var sampler = new EciSampler("learner", new RandomSampler(1), seed: 2);
        var study = new FakeStudyView(StudyDirection.Minimize, [Trial(0, 0, 1.0, seconds: 1)]);

        var picks = Enumerable.Range(10, 20).Select(n => (int)sampler.SampleIndependent(study, Empty(n), "learner", s_learners)).ToList();

        Assert.DoesNotContain(0, picks);
        Assert.Contains(1, picks);
        Assert.Contains(2, picks);
    }

    [Fact]
    public void Should_FavourTheCheapImprovingChoice_When_AllHaveBeenTried()
    {
        // fast: 1 s trials that keep improving and lead; slow: as good once, but 30 s a trial; bad: cheap and far behind.
        var trials = new List<FrozenTrial>
        {
            Trial(0, 0, 10.0, 1), Trial(1, 0, 9.0, 1), Trial(2, 0, 8.0, 1),
            Trial(3, 1, 8.5, 30), Trial(4, 1, 8.2, 30),
            Trial(5, 2, 20.0, 1), Trial(6, 2, 19.9, 1),
        };
        var sampler = new EciSampler("learner", new RandomSampler(1), seed: 3);
        var study = new FakeStudyView(StudyDirection.Minimize, trials);

        var costs = sampler.EstimatedCosts(study, s_learners);
        var picks = Enumerable.Range(100, 400).Select(n => (int)sampler.SampleIndependent(study, Empty(n), "learner", s_learners)).ToList();

        Assert.True(costs[0] < costs[1] && costs[0] < costs[2], $"ECI fast {costs[0]}, slow {costs[1]}, bad {costs[2]}");
        Assert.True(costs[1] < costs[2], $"slow but close ({costs[1]}) should cost less to improve than cheap but far behind ({costs[2]})");
        Assert.True(picks.Count(p => p == 0) > 0.9 * picks.Count, $"fast picked {picks.Count(p => p == 0)} of {picks.Count}");
        Assert.Contains(1, picks);
    }

    [Fact]
    public void Should_DoubleTheCost_When_AChoiceFails()
    {
        var ok = new FakeStudyView(StudyDirection.Minimize, [Trial(0, 0, 5.0, 2), Trial(1, 1, 6.0, 2), Trial(2, 2, 7.0, 2)]);
        var failed = new FakeStudyView(StudyDirection.Minimize, [.. ok.GetTrials(), Trial(3, 2, null, 2, TrialState.Failed)]);
        var sampler = new EciSampler("learner", new RandomSampler(1));

        var before = sampler.EstimatedCosts(ok, s_learners)[2];
        var after = sampler.EstimatedCosts(failed, s_learners)[2];

        Assert.True(after >= 2 * before, $"ECI {before} before the failure, {after} after");
    }

    [Fact]
    public void Should_ShowTheInnerSamplerOnlyTheSameChoice_When_SamplingOtherParameters()
    {
        var inner = new RecordingSampler();
        var sampler = new EciSampler("learner", inner);
        var trials = new List<FrozenTrial> { Trial(0, 0, 1.0, 1), Trial(1, 1, 2.0, 1), Trial(2, 0, 3.0, 1) };
        var current = Trial(3, 0, null, 0, TrialState.Running);

        sampler.SampleIndependent(new FakeStudyView(StudyDirection.Minimize, trials), current, "fast.depth", new IntDistribution(1, 9));

        Assert.Equal([0, 2], inner.Seen);
    }

    [Fact]
    public void Should_ChooseTheSameLearner_When_AResumedProcessAsksForTheSameTrial()
    {
        var study = new FakeStudyView(StudyDirection.Minimize, [Trial(0, 0, 1.0, 1), Trial(1, 1, 2.0, 3), Trial(2, 2, 3.0, 2)]);

        var first = new EciSampler("learner", new RandomSampler(1), seed: 7).SampleIndependent(study, Empty(9), "learner", s_learners);
        var again = new EciSampler("learner", new RandomSampler(1), seed: 7).SampleIndependent(study, Empty(9), "learner", s_learners);

        Assert.Equal(first, again);
    }

    [Fact]
    public void Should_IgnoreDurations_When_CostIsCountedInTrials()
    {
        FrozenTrial[] History(double slowSeconds) => [Trial(0, 0, 5.0, 1), Trial(1, 1, 4.0, slowSeconds), Trial(2, 2, 6.0, 1), Trial(3, 1, 3.9, slowSeconds)];
        var quick = new FakeStudyView(StudyDirection.Minimize, History(0.5));
        var slow = new FakeStudyView(StudyDirection.Minimize, History(50));

        double[] Picks(IStudyView study, Func<FrozenTrial, double>? cost) =>
            [.. Enumerable.Range(10, 50).Select(n => new EciSampler("learner", new RandomSampler(1), seed: 4, cost).SampleIndependent(study, Empty(n), "learner", s_learners))];

        Assert.Equal(Picks(quick, _ => 1), Picks(slow, _ => 1));
        Assert.NotEqual(Picks(quick, null), Picks(slow, null));
    }

    [Fact]
    public void Should_PassOverAChoiceWhoseTypicalTrialWouldNotEnd_When_TheDeadlineIsNear()
    {
        // slow leads (30 s trials), fast and bad take 1-2 s: with a minute left slow is drawn, with 10 s left it is not.
        var trials = new List<FrozenTrial>
        {
            Trial(0, 0, 9.0, 1), Trial(1, 0, 8.9, 1),
            Trial(2, 1, 8.5, 30), Trial(3, 1, 7.0, 30),
            Trial(4, 2, 20.0, 2), Trial(5, 2, 19.9, 2),
        };
        var study = new FakeStudyView(StudyDirection.Minimize, trials);
        int[] Picks(TimeSpan left) =>
            [.. Enumerable.Range(100, 200).Select(n => (int)new EciSampler("learner", new RandomSampler(1), seed: 5, timeLeft: () => left).SampleIndependent(study, Empty(n), "learner", s_learners))];

        Assert.Contains(1, Picks(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain(1, Picks(TimeSpan.FromSeconds(10)));
        Assert.Contains(0, Picks(TimeSpan.FromSeconds(10)));
        // Then: with no time for any typical trial, only the quickest is drawn
        Assert.All(Picks(TimeSpan.FromSeconds(0.5)), p => Assert.Equal(0, p));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_PassOverAChoiceThatCannotStart_When_AnotherCan(bool untried)
    {
        // Given: "slow" leads (so it would be drawn often), or has no trial yet (so it would be taken first)
        var trials = untried
            ? new List<FrozenTrial> { Trial(0, 0, 9.0, 1, drew: "x"), Trial(1, 2, 20.0, 1, drew: "x") }
            : [Trial(0, 0, 9.0, 1, drew: "x"), Trial(1, 1, 7.0, 1, drew: "x"), Trial(2, 1, 6.0, 1, drew: "x"), Trial(3, 2, 20.0, 1, drew: "x")];
        var study = new FakeStudyView(StudyDirection.Minimize, trials);
        int[] Picks(Func<object?, bool> canStart) =>
            [.. Enumerable.Range(100, 200).Select(n => (int)new EciSampler("learner", new RandomSampler(1), seed: 6, canStart: canStart).SampleIndependent(study, Empty(n), "learner", s_learners))];

        // When / Then: while it cannot start it is never drawn; once it can, it is
        Assert.DoesNotContain(1, Picks(choice => !Equals(choice, "slow")));
        Assert.Contains(1, Picks(_ => true));
        // Then: when no choice can start, the sampler still draws (the trial waits) rather than failing
        Assert.Contains(1, Picks(_ => false));
    }

    [Fact]
    public void Should_DrawARunningChoiceAgain_When_EveryFinishedOneIsExhaustedOrStuck()
    {
        // Given: "fast" tried its only configuration, "bad" failed three times in a row, "slow" has its first trial running
        var study = new FakeStudyView(StudyDirection.Minimize,
        [
            Trial(0, 0, 9.0, 1), Trial(1, 2, null, 0, TrialState.Failed), Trial(2, 2, null, 0, TrialState.Failed),
            Trial(3, 2, null, 0, TrialState.Failed), Trial(4, 1, null, 0, TrialState.Running, drew: "x"),
        ]);
        var sampler = new EciSampler("learner", new RandomSampler(1), seed: 8);

        // When
        var picks = Enumerable.Range(100, 50).Select(n => (int)sampler.SampleIndependent(study, Empty(n), "learner", s_learners)).ToList();

        // Then: a second trial of "slow", not another instant repeat of "fast" or failure of "bad"
        Assert.All(picks, p => Assert.Equal(1, p));
    }

    [Fact]
    public void Should_DrawAChoiceThatCannotStart_When_TheOthersAreExhausted()
    {
        // Given: "fast" and "bad" have tried their only configuration, "slow" cannot start (its previous fit still runs)
        var study = new FakeStudyView(StudyDirection.Minimize, [Trial(0, 0, 9.0, 1), Trial(1, 1, 7.0, 5, drew: "x"), Trial(2, 2, 20.0, 1)]);
        var sampler = new EciSampler("learner", new RandomSampler(1), seed: 7, canStart: choice => !Equals(choice, "slow"));

        // When
        var picks = Enumerable.Range(100, 50).Select(n => (int)sampler.SampleIndependent(study, Empty(n), "learner", s_learners)).ToList();

        // Then: it waits for "slow" rather than repeating "fast" (which spun through 13,000 instant repeats in a sweep)
        Assert.All(picks, p => Assert.Equal(1, p));
    }

    [Fact]
    public void Should_NotDrawAChoiceAgain_When_ItsCompletedTrialDrewNoOtherParameter()
    {
        // fast leads at the lowest cost, but its trial drew nothing besides the choice: there is nothing left to try there
        var trials = new List<FrozenTrial>
        {
            Trial(0, 0, 1.0, 0.01),
            Trial(1, 1, 5.0, 2, drew: "slow.depth"), Trial(2, 1, 4.0, 2, drew: "slow.depth"),
            Trial(3, 2, 9.0, 2, drew: "bad.rate"),
        };
        var study = new FakeStudyView(StudyDirection.Minimize, trials);

        var picks = Enumerable.Range(10, 100).Select(n => (int)new EciSampler("learner", new RandomSampler(1), seed: 6).SampleIndependent(study, Empty(n), "learner", s_learners)).ToList();

        Assert.DoesNotContain(0, picks);
        Assert.Contains(1, picks);
        Assert.Contains(2, picks);
    }

    [Fact]
    public void Should_NotTakeAChoiceFirst_When_ItsFirstTrialIsStillRunning()
    {
        // slow has no finished trial, but another worker is running its first one: it is not untried, so the bad choice,
        // the only one neither finished nor running, is taken first.
        var trials = new List<FrozenTrial> { Trial(0, 0, 1.0, 1, drew: "x"), Trial(1, 1, null, 0, TrialState.Running) };
        var study = new FakeStudyView(StudyDirection.Minimize, trials);

        var picks = Enumerable.Range(10, 50).Select(n => (int)new EciSampler("learner", new RandomSampler(1), seed: 8).SampleIndependent(study, Empty(n), "learner", s_learners)).ToList();
        var afterBad = new FakeStudyView(StudyDirection.Minimize, [.. trials, Trial(2, 2, 5.0, 1, drew: "x")]);
        var later = Enumerable.Range(60, 50).Select(n => (int)new EciSampler("learner", new RandomSampler(1), seed: 8).SampleIndependent(afterBad, Empty(n), "learner", s_learners)).ToList();

        Assert.All(picks, p => Assert.Equal(2, p));
        Assert.DoesNotContain(1, later);
    }

    [Fact]
    public void Should_LetAnUntriedChoiceCompeteByItsPriorCost_When_ItHasOne()
    {
        // fast: 1 s trials; slow: untried, with a prior of 20 s; bad: untried without a prior, so it is taken first
        var trials = new List<FrozenTrial> { Trial(0, 0, 5.0, 1, drew: "fast.depth"), Trial(1, 0, 4.0, 1, drew: "fast.depth") };
        Func<object?, double?> prior = choice => Equals(choice, "slow") ? 20 : null;
        var study = new FakeStudyView(StudyDirection.Minimize, trials);
        var afterBad = new FakeStudyView(StudyDirection.Minimize, [.. trials, Trial(2, 2, 9.0, 1, drew: "bad.rate")]);

        int Pick(FakeStudyView view, int n) => (int)new EciSampler("learner", new RandomSampler(1), seed: 9, priorSeconds: prior).SampleIndependent(view, Empty(n), "learner", s_learners);
        var first = Enumerable.Range(10, 30).Select(n => Pick(study, n)).ToList();
        var later = Enumerable.Range(100, 400).Select(n => Pick(afterBad, n)).ToList();

        Assert.All(first, p => Assert.Equal(2, p));
        Assert.Contains(1, later);
        Assert.True(later.Count(p => p == 1) < 0.1 * later.Count, $"slow drawn {later.Count(p => p == 1)} of {later.Count} with a prior 20x fast's cost");
    }

    [Fact]
    public void Should_PassOverAChoice_When_ItsLastThreeTrialsFailed()
    {
        // fast leads and is cheapest, but its last three trials failed at once (repeats of one configuration)
        var trials = new List<FrozenTrial>
        {
            Trial(0, 0, 1.0, 1, drew: "fast.depth"),
            Trial(1, 0, null, 0.001, TrialState.Failed, drew: "fast.depth"), Trial(2, 0, null, 0.001, TrialState.Failed, drew: "fast.depth"),
            Trial(3, 0, null, 0.001, TrialState.Failed, drew: "fast.depth"),
            Trial(4, 1, 5.0, 2, drew: "slow.depth"), Trial(5, 2, 9.0, 2, drew: "bad.rate"),
        };
        var study = new FakeStudyView(StudyDirection.Minimize, trials);
        var recovered = new FakeStudyView(StudyDirection.Minimize, [.. trials, Trial(6, 0, 1.5, 1, drew: "fast.depth")]);

        int Pick(FakeStudyView view, int n) => (int)new EciSampler("learner", new RandomSampler(1), seed: 10).SampleIndependent(view, Empty(n), "learner", s_learners);

        Assert.DoesNotContain(0, Enumerable.Range(10, 100).Select(n => Pick(study, n)));
        Assert.Contains(0, Enumerable.Range(10, 100).Select(n => Pick(recovered, n)));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Should_PassOverAChoice_When_ItsLastThreeTrialsWerePrunedBeforeReportingAStep(bool withoutSteps, bool passedOver)
    {
        // fast leads and is cheapest; its last three trials were pruned: refused at once (no step) or by the pruner (a step)
        FrozenTrial Pruned(int number)
        {
            var t = Trial(number, 0, null, 0.001, TrialState.Pruned, drew: "fast.depth");
            return withoutSteps ? t : t with { IntermediateValues = new Dictionary<int, double> { [0] = 9.0 } };
        }
        var trials = new List<FrozenTrial>
        {
            Trial(0, 0, 1.0, 1, drew: "fast.depth"), Pruned(1), Pruned(2), Pruned(3),
            Trial(4, 1, 5.0, 2, drew: "slow.depth"), Trial(5, 2, 9.0, 2, drew: "bad.rate"),
        };
        var study = new FakeStudyView(StudyDirection.Minimize, trials);

        var picks = Enumerable.Range(10, 100).Select(n => (int)new EciSampler("learner", new RandomSampler(1), seed: 10).SampleIndependent(study, Empty(n), "learner", s_learners)).ToList();

        Assert.Equal(passedOver, !picks.Contains(0));
    }

    private static FrozenTrial Empty(int number) => Trial(number, null, null, 0, TrialState.Running);

    private static FrozenTrial Trial(int number, int? learner, double? value, double seconds, TrialState? state = null, string? drew = null)
    {
        var start = DateTimeOffset.UnixEpoch.AddMinutes(number);
        var parameters = learner is { } l ? new Dictionary<string, double> { ["learner"] = l } : [];
        var distributions = parameters.ToDictionary(kv => kv.Key, _ => (Distribution)s_learners);
        if (drew is not null)
        {
            parameters[drew] = 3;
            distributions[drew] = new IntDistribution(1, 9);
        }
        return new FrozenTrial(number, number, state ?? TrialState.Complete, value, parameters,
            distributions, new Dictionary<int, double>(), new Dictionary<string, string>(),
            start, state is TrialState.Running ? null : start.AddSeconds(seconds), null, new Dictionary<string, object>());
    }

    private sealed class RecordingSampler : ISampler
    {
        public List<int> Seen { get; } = [];

        public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution)
        {
            Seen.AddRange(study.GetTrials().Select(t => t.Number));
            return 1;
        }
    }
}
