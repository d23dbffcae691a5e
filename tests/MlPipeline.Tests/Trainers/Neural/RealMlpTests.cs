using Microsoft.ML;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class RealMlpTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static MlpOptions SmallRealMlp(int epochs) => MlpOptions.RealMlp with
    {
        HiddenLayers = [32, 32],
        Training = MlpOptions.RealMlp.Training with { MaxEpochs = epochs, BatchSize = 64, Threads = 1, Seed = 7 },
    };

    [Fact]
    public void Should_UseMediansAndQuartileSpreads_When_FittingTheRobustScale()
    {
        // Given: a spread-out column, a column whose quartiles coincide (spread from the range) and a constant one
        float[] x = [1, 5, 0, 2, 5, 0, 3, 5, 0, 4, 5, 0, 100, 9, 0];
        int[] rows = [0, 1, 2, 3, 4];

        // When
        var (center, factor) = RobustScaleClip.Statistics(x, rows, features: 3);

        // Then: median 3, q75 − q25 = 4 − 2; column 2 has quartiles 5 and 5 so ½(9 − 5) is used; column 3 is switched off
        Assert.Equal([3f, 5f, 0f], center);
        Assert.Equal([0.5f, 0.5f, 0f], factor);
    }

    [Fact]
    public void Should_FollowCosLog4_When_ReadAtItsRestarts()
    {
        // pytabkit's CoslogFunc(4): zero at t = 0, 1/15, 3/15, 7/15 and 1, the full rate half-way in log time
        Assert.Equal(0, NeuralTrainer.CosLog(1, 0, 4), 12);
        Assert.Equal(0, NeuralTrainer.CosLog(1, 1.0 / 15, 4), 12);
        Assert.Equal(0, NeuralTrainer.CosLog(1, 7.0 / 15, 4), 12);
        Assert.Equal(0, NeuralTrainer.CosLog(1, 1, 4), 12);
        Assert.Equal(0.2, NeuralTrainer.CosLog(0.2, (Math.Pow(2, 3.5) - 1) / 15, 4), 12);
    }

    [Fact]
    public void Should_ReachHighRSquared_When_LearningSinPlusSquare()
    {
        // Given
        var train = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(2000, 1));
        var test = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(500, 2));

        // When
        var model = _ml.Regression.Trainers.Mlp(SmallRealMlp(40)).Fit(train);
        var metrics = _ml.Regression.Evaluate(model.Transform(test));

        // Then
        Assert.True(metrics.RSquared >= 0.95, $"R² = {metrics.RSquared}");
    }

    [Fact]
    public void Should_ReproducePredictions_When_ComputingAForwardPassFromTheLayerView()
    {
        // Given: RealMLP's front end (robust scale and clip, PBLD embedding, front scale) and parametric Mish
        var model = _ml.Regression.Trainers.Mlp(SmallRealMlp(5)).Fit(_ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(300, 5)));
        var rows = NeuralTestData.SinSquare(20, 6);
        // Rows far outside the training range exercise the clip.
        rows.Add(new TwoFeatureRow { Features = [1e6f, -1e6f] });
        rows.Add(new TwoFeatureRow { Features = [-40f, 25f] });

        // When
        var expected = NeuralTestData.Scores(model.Transform(_ml.Data.LoadFromEnumerable(rows)));
        var manual = rows.Select(r => LayerViewForward.Run(model.Layers, r.Features)[0] * model.LabelStd + model.LabelMean).ToArray();

        // Then
        Assert.Contains(model.Layers, l => l.Kind == NeuralLayerKind.RobustScaleClip);
        Assert.Contains(model.Layers, l => l.Kind == NeuralLayerKind.PeriodicEmbedding);
        Assert.Contains(model.Layers, l => l.Kind == NeuralLayerKind.Scale);
        Assert.Contains(model.Layers, l => l.Kind == NeuralLayerKind.ParametricActivation);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(expected[i], manual[i], 3);
    }

    [Fact]
    public void Should_PredictIdentically_When_SavedAndLoaded()
    {
        // Given
        var model = _ml.Regression.Trainers.Mlp(SmallRealMlp(3)).Fit(_ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(200, 3)));
        var rows = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(30, 4));
        using var stream = new MemoryStream();

        // When: the medians and factors are buffers, saved with the weights
        NeuralModelPersistence.Save(model, stream);
        stream.Position = 0;
        var loaded = NeuralModelPersistence.Load(stream);

        // Then
        Assert.Equal(NeuralTestData.Scores(model.Transform(rows)), NeuralTestData.Scores(loaded.Transform(rows)));
    }
}
