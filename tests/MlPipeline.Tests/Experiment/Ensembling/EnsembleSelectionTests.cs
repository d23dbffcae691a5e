using MlPipeline.Experiment.Ensembling;
using MlPipeline.Evaluation;

namespace MlPipeline.Tests.Experiment.Ensembling;

public sealed class EnsembleSelectionTests
{
    [Fact]
    public void Should_Average_Models_Whose_Errors_Cancel()
    {
        // Given: two models biased in opposite directions and a poor third
        var labels = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();
        float[] high = [.. labels.Select(v => v + 5)], low = [.. labels.Select(v => v - 5)], bad = [.. labels.Select(_ => 50f)];

        // When
        var ensemble = EnsembleSelection.Select([high, low, bad], labels);

        // Then
        Assert.Equal(0.5, ensemble.Weights[0], 3);
        Assert.Equal(0.5, ensemble.Weights[1], 3);
        Assert.Equal(0, ensemble.Weights[2]);
        Assert.True(ensemble.Rmse < 1e-6);
        Assert.Equal([0, 1], ensemble.Members);
    }

    [Fact]
    public void Should_Never_Be_Worse_Than_The_Best_Single_Model_On_Its_Rows()
    {
        var random = new Random(4);
        var labels = Enumerable.Range(0, 200).Select(_ => (float)random.NextDouble() * 10).ToArray();
        var models = Enumerable.Range(0, 6).Select(m => labels.Select(v => v + (float)(random.NextDouble() - 0.5) * (m + 1)).ToArray()).ToArray();

        var ensemble = EnsembleSelection.Select(models, labels, rounds: 30);

        var bestSingle = models.Min(m => RegressionQuality.Compute(labels, m).Rmse);
        Assert.True(ensemble.Rmse <= bestSingle + 1e-9, $"{ensemble.Rmse} > {bestSingle}");
        Assert.Equal(ensemble.Rmse, RegressionQuality.Compute(labels, ensemble.Combine(models)).Rmse, 4);
        Assert.Equal(1.0, ensemble.Weights.Sum(), 9);
    }

    [Fact]
    public void Mismatched_Lengths_Are_Rejected() =>
        Assert.Throws<ArgumentException>(() => EnsembleSelection.Select([[1f, 2f]], [1f]));
}
