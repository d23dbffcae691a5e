using Microsoft.ML;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class NeuralRegressionTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Should_ReachHighRSquared_When_LearningSinPlusSquare()
    {
        // Given: y = sin(x1) + x2² + noise
        var train = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(2000, 1));
        var test = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(500, 2));

        // When: a small MLP is trained
        var model = _ml.Regression.Trainers.Mlp(NeuralTestData.SmallMlp).Fit(train);
        var metrics = _ml.Regression.Evaluate(model.Transform(test));

        // Then
        Assert.True(metrics.RSquared >= 0.95, $"R² = {metrics.RSquared}");
    }

    [Fact]
    public void Should_LearnWithResNet_When_UsingDefaultsOnSmallData()
    {
        // Given
        var train = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(1500, 3));
        var test = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(400, 4));
        var options = new ResNetOptions { Width = 32, Blocks = 2, Training = NeuralTestData.FastTraining };

        // When
        var model = _ml.Regression.Trainers.ResNet(options).Fit(train);
        var metrics = _ml.Regression.Evaluate(model.Transform(test));

        // Then
        Assert.True(metrics.RSquared >= 0.9, $"R² = {metrics.RSquared}");
    }

    [Fact]
    public void Should_PredictOnTheOriginalScale_When_TheSkewedLabelIsLogTransformed()
    {
        // Given: a positive, right-skewed label exp(sin(x1) + x2²)
        var rows = NeuralTestData.SinSquare(1500, 10).Select(r => new TwoFeatureRow { Features = r.Features, Label = MathF.Exp(r.Label) }).ToList();
        var train = _ml.Data.LoadFromEnumerable(rows.Take(1200));
        var test = _ml.Data.LoadFromEnumerable(rows.Skip(1200));
        var options = NeuralTestData.SmallMlp with { Training = NeuralTestData.FastTraining with { LogTransformSkewedLabel = true } };

        // When
        var model = _ml.Regression.Trainers.Mlp(options).Fit(train);
        var metrics = _ml.Regression.Evaluate(model.Transform(test));

        // Then
        Assert.True(model.LabelIsLogTransformed);
        Assert.True(metrics.RSquared >= 0.9, $"R² = {metrics.RSquared}");
    }

    [Fact]
    public void Should_GiveIdenticalPredictions_When_TrainedTwiceWithTheSameSeed()
    {
        // Given
        var train = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(600, 5));
        var options = NeuralTestData.SmallMlp with { Dropout = 0.1, Training = NeuralTestData.FastTraining with { MaxEpochs = 10 } };

        // When
        var a = NeuralTestData.Scores(_ml.Regression.Trainers.Mlp(options).Fit(train).Transform(train));
        var b = NeuralTestData.Scores(_ml.Regression.Trainers.Mlp(options).Fit(train).Transform(train));
        var c = NeuralTestData.Scores(_ml.Regression.Trainers.Mlp(options with { Training = options.Training with { Seed = 8 } }).Fit(train).Transform(train));

        // Then
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Should_RestoreTheBestEpochWeights_When_EarlyStoppingTriggers()
    {
        // Given: few noisy rows and a wide net without regularisation, so validation loss turns upwards
        var rows = NeuralTestData.SinSquare(200, 6, noise: 1.0);
        var data = _ml.Data.LoadFromEnumerable(rows);
        var training = NeuralTestData.FastTraining with
        {
            MaxEpochs = 300, EarlyStoppingPatience = 10, WeightDecay = 0, LearningRate = 1e-2,
            Schedule = LearningRateSchedule.Constant, BatchSize = 32, ValidationFraction = 0.3,
        };
        var options = new MlpOptions { HiddenLayers = [128, 128], Dropout = 0, Training = training };

        // When
        var model = _ml.Regression.Trainers.Mlp(options).Fit(data);

        // Then: training stopped early, the best epoch is the validation minimum, and the kept weights reproduce its loss
        var curve = model.Curve;
        Assert.Equal(TrainingStopReason.EarlyStopping, curve.StopReason);
        var best = curve.Epochs.MinBy(e => e.ValidationLoss!.Value)!;
        Assert.Equal(best.Epoch, curve.BestEpoch);
        Assert.True(curve.BestEpoch < curve.Epochs.Count);
        var (_, valIdx) = NeuralTrainer.Split(rows.Count, training.ValidationFraction, new Random(training.Seed), training.MaxValidationRows);
        var valRows = valIdx.Select(i => rows[i]).ToList();
        var predictions = NeuralTestData.Scores(model.Transform(_ml.Data.LoadFromEnumerable(valRows)));
        double mse = valRows.Select((r, i) => Math.Pow((predictions[i] - r.Label) / model.LabelStd, 2)).Average();
        Assert.Equal(best.ValidationLoss!.Value, mse, 3);
    }

    [Fact]
    public void Should_HoldOutAtMostTheMaximumValidationRows_When_TheFractionWouldGiveMore()
    {
        // When: 15 % of 100,000 rows, with the default maximum and without one
        var max = new NeuralTrainingOptions().MaxValidationRows;
        var (train, validation) = NeuralTrainer.Split(100_000, 0.15, new Random(1), max);
        var (_, unlimited) = NeuralTrainer.Split(100_000, 0.15, new Random(1));

        // Then: the maximum holds, the other rows train, and every row is in exactly one part
        Assert.Equal(10_000, max);
        Assert.Equal(max, validation.Length);
        Assert.Equal(90_000, train.Length);
        Assert.Equal(Enumerable.Range(0, 100_000), train.Concat(validation).Order());
        Assert.Equal(15_000, unlimited.Length);
    }

    [Fact]
    public void Should_DiagnoseDivergenceWithoutNaNPredictions_When_LearningRateIsFarTooLarge()
    {
        // Given
        var data = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(500, 7));
        var training = NeuralTestData.FastTraining with
        {
            Optimizer = NeuralOptimizer.Sgd, LearningRate = 50, Momentum = 0.9, GradientClipNorm = 0,
            Schedule = LearningRateSchedule.Constant, MaxEpochs = 30,
        };

        // When
        var model = _ml.Regression.Trainers.Mlp(NeuralTestData.SmallMlp with { Training = training }).Fit(data);
        var scores = NeuralTestData.Scores(model.Transform(data));

        // Then
        Assert.Contains(model.Diagnosis, new[] { TrainingDiagnosis.Diverged, TrainingDiagnosis.Oscillating });
        Assert.False(string.IsNullOrWhiteSpace(model.DiagnosisExplanation));
        Assert.All(scores, s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public void Should_StopAndReportEachEpoch_When_TheCallbackReturnsFalse()
    {
        // Given
        var data = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(300, 8));
        var seen = new List<EpochReport>();

        // When: the subscriber stops after the third epoch
        var model = _ml.Regression.Trainers.Mlp(NeuralTestData.SmallMlp, r => { seen.Add(r); return r.Epoch < 3; }).Fit(data);

        // Then
        Assert.Equal([1, 2, 3], seen.Select(r => r.Epoch));
        Assert.Equal(TrainingStopReason.StoppedByCallback, model.Curve.StopReason);
        Assert.Equal(3, model.Curve.Epochs.Count);
    }

    [Fact]
    public void Should_StopAtAnEpochBoundary_When_Cancelled()
    {
        // Given
        var data = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(300, 9));
        using var cts = new CancellationTokenSource();

        // When: cancellation fires during the second epoch's callback
        var model = _ml.Regression.Trainers.Mlp(NeuralTestData.SmallMlp, r => { if (r.Epoch == 2) cts.Cancel(); return true; }, cts.Token).Fit(data);

        // Then
        Assert.Equal(TrainingStopReason.Cancelled, model.Curve.StopReason);
        Assert.Equal(2, model.Curve.Epochs.Count);
        Assert.All(NeuralTestData.Scores(model.Transform(data)), s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public void Should_AbandonTheEpochInProgress_When_CancelledAfterAnEpochIsKept()
    {
        // Given: batches of 2 over 15,000 rows, so an epoch takes far longer than the 20 ms after which the token fires
        // (and seconds longer than returning takes on a loaded machine: with 6,000 rows CI saw 1.3 s against 2.2 s)
        var data = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(15_000, 10));
        var options = NeuralTestData.SmallMlp with { Training = NeuralTestData.FastTraining with { BatchSize = 2 } };
        using var cts = new CancellationTokenSource();
        var epochSeconds = 0.0;

        // When: the token fires 20 ms into the second epoch
        var sinceFirstEpoch = new System.Diagnostics.Stopwatch();
        // A thread of its own fires the token: CancelAfter's timer runs on the thread pool, which the parallel suite can
        // starve for seconds (CI-like load here let the whole second epoch finish before the timer fired).
        var model = _ml.Regression.Trainers.Mlp(options, r =>
        {
            epochSeconds = r.Elapsed.TotalSeconds;
            if (!sinceFirstEpoch.IsRunning) new Thread(() => { Thread.Sleep(20); cts.Cancel(); }) { IsBackground = true }.Start();
            sinceFirstEpoch.Start();
            return true;
        }, cts.Token).Fit(data);
        sinceFirstEpoch.Stop();

        // Then: the second epoch was abandoned well before its end (a batch of two rows takes a fraction of a
        // millisecond; finishing the epoch would take as long as the first) and the first one's weights are kept
        Assert.Equal(TrainingStopReason.Cancelled, model.Curve.StopReason);
        Assert.Single(model.Curve.Epochs);
        Assert.Equal(1, model.Curve.BestEpoch);
        Assert.True(sinceFirstEpoch.Elapsed.TotalSeconds < 0.5 * epochSeconds, $"returned {sinceFirstEpoch.Elapsed.TotalSeconds:F2} s after the first epoch, which took {epochSeconds:F2} s");
        Assert.All(NeuralTestData.Scores(model.Transform(data)), s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public void Should_CompleteTheFirstEpoch_When_CancelledBeforeTrainingStarts()
    {
        // Given
        var data = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(300, 11));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        // When
        var model = _ml.Regression.Trainers.Mlp(NeuralTestData.SmallMlp, cancellationToken: cts.Token).Fit(data);

        // Then: a network needs one epoch to have weights worth keeping
        Assert.Equal(TrainingStopReason.Cancelled, model.Curve.StopReason);
        Assert.Single(model.Curve.Epochs);
        Assert.All(NeuralTestData.Scores(model.Transform(data)), s => Assert.True(float.IsFinite(s)));
    }
    [Fact]
    public void Should_AbandonTheFirstEpoch_When_ItRunsPastItsGraceAfterACancellation()
    {
        // Given: batches of 2 over a whole pass of 290,000 training rows, so the first epoch takes far longer than its
        // grace (145,000 steps of a fraction of a millisecond each; a default 50,000-row epoch slice finished inside the
        // grace on a fast machine)
        var data = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(300_000, 12));
        var options = NeuralTestData.SmallMlp with { Training = NeuralTestData.FastTraining with { BatchSize = 2, MaxRowsPerEpoch = 0 } };
        using var cts = new CancellationTokenSource();
        var estimator = _ml.Regression.Trainers.Mlp(options, cancellationToken: cts.Token);

        // When: the token fires half a second into the fit
        var sinceCancel = new System.Diagnostics.Stopwatch();
        using var timer = new Timer(_ => { sinceCancel.Start(); cts.Cancel(); }, null, 500, Timeout.Infinite);
        var model = estimator.Fit(data);
        sinceCancel.Stop();

        // Then: the fit returned soon after its grace, with no epoch (it predicts the mean), instead of running on in
        // libtorch after the caller stopped waiting
        Assert.Equal(TrainingStopReason.Cancelled, model.Curve.StopReason);
        Assert.Empty(model.Curve.Epochs);
        // (the margin allows for a loaded CI machine: the epoch itself would run for minutes)
        var limit = NeuralTrainer.FirstEpochGrace + TimeSpan.FromSeconds(10);
        Assert.True(sinceCancel.Elapsed < limit, $"returned {sinceCancel.Elapsed.TotalSeconds:F1} s after the cancellation (limit {limit.TotalSeconds:F0} s)");
    }
    [Fact]
    public void Should_TrainEachEpochOnASliceOfAShuffledPass_When_ThereAreMoreRowsThanAnEpochHolds()
    {
        // Given: 4,000 rows, 15 % held out for validation, so 3,400 train; epochs of at most 1,000 rows
        var data = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(4000, 13));
        var options = NeuralTestData.SmallMlp with { Training = NeuralTestData.FastTraining with { MaxRowsPerEpoch = 1000, MaxEpochs = 6, EarlyStoppingPatience = 0 } };

        // When
        var model = _ml.Regression.Trainers.Mlp(options).Fit(data);
        var whole = _ml.Regression.Trainers.Mlp(options with { Training = options.Training with { MaxRowsPerEpoch = 0 } }).Fit(data);

        // Then: every epoch went over 1,000 rows and was checked on validation; without the bound each is a whole pass
        Assert.Equal(6, model.Curve.Epochs.Count);
        Assert.All(model.Curve.Epochs, e => Assert.Equal(1000, e.Rows));
        Assert.All(model.Curve.Epochs, e => Assert.NotNull(e.ValidationLoss));
        Assert.All(whole.Curve.Epochs, e => Assert.Equal(3400, e.Rows));
        Assert.True(model.Curve.Epochs[^1].ValidationLoss < model.Curve.Epochs[0].ValidationLoss, "the slices learn");
    }
}
