using Microsoft.ML;
using MlPipeline.Trainers.Neural;
using TorchSharp;
using TorchSharp.Modules;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class NeuralModelSerializerTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Should_LoadAndPredictTheSame_When_TheSavedNetworkStillCarriesTorchsBatchCounter()
    {
        // Given: a batch-norm MLP written the way earlier versions wrote it, with torch's num_batches_tracked buffers
        var (model, test) = FitBatchNormMlp();
        foreach (var norm in model.Model.Network.modules().OfType<BatchNorm1d>()) norm.num_batches_tracked = torch.tensor(7L);
        var before = NeuralTestData.Scores(model.Transform(test));

        // When
        var loaded = RoundTrip(model);

        // Then
        Assert.Equal(before, NeuralTestData.Scores(loaded.Transform(test)));
    }

    [Fact]
    public void Should_RefuseToLoad_When_TheSavedWeightsDoNotMatchTheArchitecture()
    {
        // Given: a saved network with a state entry its architecture does not have
        var (model, _) = FitBatchNormMlp();
        model.Model.Network.modules().OfType<Linear>().Last().register_buffer("stray", torch.zeros(1));

        // When
        var error = Assert.Throws<InvalidDataException>(() => RoundTrip(model));

        // Then
        Assert.Contains("unexpected [head.stray]", error.Message);
    }

    private (NeuralRegressionTransformer Model, IDataView Test) FitBatchNormMlp()
    {
        var train = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(200, 7));
        var options = new MlpOptions { HiddenLayers = [8], Normalization = NeuralNormalization.BatchNorm, Training = NeuralTestData.FastTraining with { MaxEpochs = 3 } };
        return (_ml.Regression.Trainers.Mlp(options).Fit(train), _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(30, 8)));
    }

    private static NeuralRegressionTransformer RoundTrip(NeuralRegressionTransformer model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) NeuralModelSerializer.Write(writer, model);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        return NeuralModelSerializer.Read(reader);
    }
}
