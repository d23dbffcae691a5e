using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Experiment;

public sealed class TrialObjectiveFitWithinTests
{
    [Fact]
    public void Should_EndAsStopped_When_TheFitThrowsWhileGivenItsGrace()
    {
        // Given: a fit that, like ML.NET's trainers once their context is cancelled, throws shortly after the stop
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        ITransformer Fit()
        {
            stop.Token.WaitHandle.WaitOne();
            Thread.Sleep(20);
            throw new AggregateException(new OperationCanceledException("Operation was canceled."));
        }

        // When
        var error = Record.Exception(() => TrialObjective.FitWithin(Fit, stop.Token, grace: TimeSpan.FromSeconds(2)));

        // Then: a stop, not a failure carrying the trainer's AggregateException
        Assert.IsType<OperationCanceledException>(error);
    }

    [Fact]
    public void Should_ReturnTheModel_When_TheFitFinishesWithinItsGrace()
    {
        // Given: a fit that, like the networks, returns what it has shortly after the stop
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var model = new MLContext(1).Transforms.Concatenate("Copy", nameof(Row.Value)).Fit(new MLContext(1).Data.LoadFromEnumerable(new[] { new Row() }));
        ITransformer Fit()
        {
            stop.Token.WaitHandle.WaitOne();
            Thread.Sleep(20);
            return model;
        }

        // When
        var result = TrialObjective.FitWithin(Fit, stop.Token, grace: TimeSpan.FromSeconds(2));

        // Then
        Assert.Same(model, result);
    }

    [Fact]
    public void Should_EndAsRefused_When_TheFitGivesUpBeforeStartingWhileGivenItsGrace()
    {
        // Given: a fit that, like GAM waiting on its lock when the deadline comes, refuses once stopped
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        ITransformer Fit()
        {
            stop.Token.WaitHandle.WaitOne();
            throw new FitRefusedException("not started: another GAM fit held the lock");
        }

        // When
        var error = Record.Exception(() => TrialObjective.FitWithin(Fit, stop.Token, grace: TimeSpan.FromSeconds(2)));

        // Then: refused (the trial is pruned, having spent nothing), not stopped (failed)
        Assert.IsType<FitRefusedException>(error);
    }

    private sealed class Row
    {
        public float Value { get; set; }
    }
}
