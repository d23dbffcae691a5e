using System.Runtime.CompilerServices;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class NeuralTrainerMemoryTests
{
    [Fact]
    public void Should_LetTheReadRowsBeCollected_When_TrainingHasCopiedThemIntoTensors()
    {
        // Given: rows read into dense arrays that only their holder references
        var (data, features) = Rows(rows: 600, width: 8);
        var options = new MlpOptions { HiddenLayers = [16], Dropout = 0, Training = NeuralTestData.FastTraining with { MaxEpochs = 3, EarlyStoppingPatience = 0 } };
        var aliveDuringTraining = new List<bool>();

        // When: the network trains, collecting garbage after each epoch
        var trained = NeuralTrainer.Fit(new NeuralArchitecture(options, null), data, 8, report =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            aliveDuringTraining.Add(features.IsAlive);
            return true;
        }, CancellationToken.None);
        trained.Network.Dispose();

        // Then: from the first epoch on, nothing held the feature array any more
        Assert.Equal(3, aliveDuringTraining.Count);
        Assert.All(aliveDuringTraining, Assert.False);
        Assert.Throws<InvalidOperationException>(() => data.Features);
    }

    [Fact]
    public void Should_CutEachEpochToTheRowsThatFitAQuarterOfTheTime_When_AnEpochWouldTakeLonger()
    {
        // Given: 4,000 rows and a net whose epoch takes far longer than a quarter of the 20 ms it is given
        var (data, _) = Rows(rows: 4_000, width: 32);
        var (unbounded, _) = Rows(rows: 4_000, width: 32);
        var training = NeuralTestData.FastTraining with { MaxEpochs = 2, EarlyStoppingPatience = 0, ValidationFraction = 0.1 };
        NeuralArchitecture Net(double seconds) => new(new MlpOptions { HiddenLayers = [512, 512], Dropout = 0.1, Training = training with { TimeAvailableSeconds = seconds } }, null);

        // When: it trains with that time, and without any
        var cut = NeuralTrainer.Fit(Net(0.02), data, 32, null, CancellationToken.None);
        var whole = NeuralTrainer.Fit(Net(0), unbounded, 32, null, CancellationToken.None);
        cut.Network.Dispose();
        whole.Network.Dispose();

        // Then: its epochs are slices of two batches each; without a time, whole passes over the 3,600 training rows
        Assert.All(cut.Curve.Epochs, e => Assert.Equal(2 * training.BatchSize, e.Rows));
        Assert.All(whole.Curve.Epochs, e => Assert.Equal(3_600, e.Rows));
    }

    // Not inlined: the array must not live on in the test's own frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (DenseRows Data, WeakReference Features) Rows(int rows, int width)
    {
        var random = new Random(3);
        var x = new float[rows * width];
        for (var i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
        var y = new float[rows];
        for (var r = 0; r < rows; r++) y[r] = x[r * width] + 2 * x[r * width + 1];
        return (new DenseRows(x, y, rows), new WeakReference(x));
    }
}
