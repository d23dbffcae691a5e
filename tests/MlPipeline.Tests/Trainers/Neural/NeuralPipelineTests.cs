using Microsoft.ML;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class NeuralPipelineTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly string _dir = Directory.CreateTempSubdirectory("neural-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Should_FitAfterPreprocessing_When_UsedInAnMlNetPipeline()
    {
        // Given: raw numeric + categorical columns with a label in the thousands
        var train = _ml.Data.LoadFromEnumerable(NeuralTestData.Mixed(1500, 1));
        var test = _ml.Data.LoadFromEnumerable(NeuralTestData.Mixed(300, 2));
        var pipeline = NeuralTestData.MixedFeaturizer(_ml).Append(_ml.Regression.Trainers.Mlp(NeuralTestData.SmallMlp));

        // When
        var model = pipeline.Fit(train);
        var metrics = _ml.Regression.Evaluate(model.Transform(test));

        // Then: predictions are on the label's scale
        Assert.True(metrics.RSquared >= 0.95, $"R² = {metrics.RSquared}");
        Assert.True(metrics.RootMeanSquaredError < 100, $"RMSE = {metrics.RootMeanSquaredError}");
    }

    [Fact]
    public void Should_PredictIdentically_When_SavedAndLoadedWithThePreprocessingChain()
    {
        // Given
        var train = _ml.Data.LoadFromEnumerable(NeuralTestData.Mixed(400, 3));
        var test = _ml.Data.LoadFromEnumerable(NeuralTestData.Mixed(100, 4));
        var options = new ResNetOptions { Width = 16, Blocks = 1, Training = NeuralTestData.FastTraining with { MaxEpochs = 5 } };
        var model = NeuralTestData.MixedFeaturizer(_ml).Append(_ml.Regression.Trainers.ResNet(options)).Fit(train);
        var before = NeuralTestData.Scores(model.Transform(test));
        var path = Path.Combine(_dir, "model.zip");

        // When
        NeuralModelPersistence.Save(_ml, model, train.Schema, path);
        var loaded = NeuralModelPersistence.Load(new MLContext(seed: 99), path, out var schema);
        var after = NeuralTestData.Scores(loaded.Transform(test));

        // Then
        Assert.Equal(before, after);
        Assert.NotNull(schema.GetColumnOrNull("Colour"));
        var neural = Assert.IsType<NeuralRegressionTransformer>(((IEnumerable<ITransformer>)loaded).Last());
        Assert.Equal(5, neural.Curve.Epochs.Count);
    }

    [Fact]
    public void Should_ReproducePredictions_When_ComputingAForwardPassFromTheLayerView()
    {
        // Given: an MLP with batch norm and a ResNet with layer norm
        var data = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(300, 5));
        var fast = NeuralTestData.FastTraining with { MaxEpochs = 3 };
        var models = new[]
        {
            _ml.Regression.Trainers.Mlp(new MlpOptions { HiddenLayers = [8, 8], Activation = NeuralActivation.Tanh, Normalization = NeuralNormalization.BatchNorm, Training = fast }).Fit(data),
            _ml.Regression.Trainers.ResNet(new ResNetOptions { Width = 8, Blocks = 2, Activation = NeuralActivation.Relu, Normalization = NeuralNormalization.LayerNorm, Training = fast }).Fit(data),
        };
        var rows = NeuralTestData.SinSquare(20, 6);

        foreach (var model in models)
        {
            // When
            var expected = NeuralTestData.Scores(model.Transform(_ml.Data.LoadFromEnumerable(rows)));
            var manual = rows.Select(r => LayerViewForward.Run(model.Layers, r.Features)[0] * model.LabelStd + model.LabelMean).ToArray();

            // Then
            for (int i = 0; i < rows.Count; i++) Assert.Equal(expected[i], manual[i], 3);
        }
    }
}
