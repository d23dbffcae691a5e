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
