using MlPipeline.Trainers;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class NeuralScoringTimeTests
{
    [Fact]
    public void Should_RefuseBeforeTraining_When_ScoringTheCallersRowsWouldTakeOverHalfTheTime()
    {
        // Given: a network given 2 s that is to score a billion rows afterwards
        var random = new Random(1);
        var x = Enumerable.Range(0, 400 * 4).Select(_ => (float)random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, 400).Select(r => x[r * 4]).ToArray();
        var training = NeuralTestData.FastTraining with { TimeAvailableSeconds = 2, RowsScoredAfterFit = 1_000_000_000 };
        var epochs = 0;

        // When / Then: it refuses, naming the rows, and trains no epoch
        var refused = Assert.Throws<FitRefusedException>(() => _ = NeuralTrainer.Fit(
            new NeuralArchitecture(new MlpOptions { HiddenLayers = [64], Training = training }, null), new DenseRows(x, y, 400), 4,
            _ => { epochs++; return true; }, CancellationToken.None));
        Assert.Contains("1,000,000,000 rows", refused.Message);
        Assert.Equal(0, epochs);
    }
}
