using Microsoft.ML;
using MlPipeline.Trainers.Neural;
using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class TabMTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static TabMOptions SmallTabM(int epochs, double dropout = 0)
    {
        var paper = new TabMOptions();
        return paper with
        {
            Members = 8,
            Blocks = 2,
            Width = 32,
            Dropout = dropout,
            Training = paper.Training with { MaxEpochs = epochs, BatchSize = 64, Threads = 1, Seed = 7 },
        };
    }

    private static Tensor Random(Generator g, params long[] shape)
    {
        using var draw = torch.randn(shape, generator: g);
        return draw.mul(0.7).add(0.3);
    }

    [Fact]
    public void Should_EqualKIndependentLinearLayers_When_EachMemberUsesTheSharedWeightScaledByItsAdapters()
    {
        // Given: a BatchEnsemble layer whose adapters and biases are set away from their initial values
        const int k = 5, inputs = 3, outputs = 4, rows = 6;
        var g = new Generator(3);
        using var layer = new BatchEnsembleLinear(inputs, outputs, k, randomSigns: true, g);
        using (torch.no_grad())
        {
            using var r = Random(g, k, inputs);
            using var s = Random(g, k, outputs);
            using var b = Random(g, k, outputs);
            layer.InputScale.copy_(r);
            layer.OutputScale.copy_(s);
            layer.Bias.copy_(b);
        }
        using var perMember = torch.randn([rows, k, inputs], generator: g);
        using var shared = torch.randn([rows, inputs], generator: g);

        // When
        using var fromMembers = layer.call(perMember);
        using var fromShared = layer.call(shared);

        // Then: member i is the linear layer with weight W∘(sᵢrᵢᵀ) and bias bᵢ, on its own input or the shared one
        Assert.Equal([rows, k, outputs], fromMembers.shape);
        Assert.Equal([rows, k, outputs], fromShared.shape);
        using var noGrad = torch.no_grad();
        for (int i = 0; i < k; i++)
        {
            using var outer = layer.OutputScale[i].unsqueeze(1).mul(layer.InputScale[i].unsqueeze(0));
            using var weight = layer.Weight.mul(outer);
            using var own = nn.functional.linear(perMember[.., i, ..], weight, layer.Bias[i]);
            using var fromSharedInput = nn.functional.linear(shared, weight, layer.Bias[i]);
            Assert.True(own.allclose(fromMembers[.., i, ..], rtol: 1e-5, atol: 1e-6), $"member {i} on its own input");
            Assert.True(fromSharedInput.allclose(fromShared[.., i, ..], rtol: 1e-5, atol: 1e-6), $"member {i} on the shared input");
        }
        // The members really differ, so the comparison above is not of one layer with itself
        Assert.False(fromShared[.., 0, ..].allclose(fromShared[.., 1, ..]));
    }

    [Fact]
    public void Should_StartMembersApartOnlyInTheFirstLayer_When_InitialisedAsTabM()
    {
        // Given / When
        var g = new Generator(5);
        using var first = new BatchEnsembleLinear(40, 16, 8, randomSigns: true, g);
        using var later = new BatchEnsembleLinear(16, 16, 8, randomSigns: false, g);

        // Then: r of the first layer is random signs (both present), every other r and all s are ones, the k biases equal
        var r = first.InputScale.data<float>().ToArray();
        Assert.All(r, v => Assert.True(v is 1f or -1f));
        Assert.Contains(1f, r);
        Assert.Contains(-1f, r);
        Assert.All(later.InputScale.data<float>().ToArray(), v => Assert.Equal(1f, v));
        Assert.All(first.OutputScale.data<float>().ToArray(), v => Assert.Equal(1f, v));
        using var firstBias = first.Bias[0].unsqueeze(0);
        using var expanded = firstBias.expand(8, 16);
        Assert.True(first.Bias.allclose(expanded, rtol: 0, atol: 0));
        Assert.All(first.Weight.data<float>().ToArray(), v => Assert.InRange(v, -1 / MathF.Sqrt(40), 1 / MathF.Sqrt(40)));
    }

    [Fact]
    public void Should_PredictTheMeanOfTheMembersHeads_When_Evaluated()
    {
        // Given: a TabM network; in training it outputs one prediction per member
        var options = SmallTabM(1);
        using var net = NetworkBuilder.Build(new NeuralArchitecture(null, null, options), inputSize: 3, seed: 11);
        using var x = torch.randn([10, 3], generator: new Generator(2));
        using var noGrad = torch.no_grad();

        // When
        net.train();
        using var heads = net.call(x);
        net.eval();
        using var prediction = net.call(x);

        // Then
        Assert.Equal([10, options.Members], heads.shape);
        Assert.Equal([10, 1], prediction.shape);
        using var mean = heads.mean([1L], keepdim: true);
        Assert.True(prediction.allclose(mean, rtol: 1e-6, atol: 1e-7));
        Assert.False(heads[.., 0].allclose(heads[.., 1]), "the members' heads should differ");
    }

    [Fact]
    public void Should_TrainOnTheMeanOfTheMembersLosses_When_TakingAStep()
    {
        // Given: a TabM network, one batch of all rows and a zero learning rate, so the weights do not move
        using var net = NetworkBuilder.Build(new NeuralArchitecture(null, null, SmallTabM(1)), inputSize: 2, seed: 3);
        var g = new Generator(4);
        using var x = torch.randn([20, 2], generator: g);
        using var y = torch.randn([20, 1], generator: g);
        using var optimizer = new GradientDescent(net.parameters(), NeuralOptimizer.AdamW, 0, weightDecay: 0, momentum: 0);
        double expected;
        using (torch.no_grad())
        {
            net.train();
            using var heads = net.call(x);
            using var errors = heads.sub(y);
            // Each member's own MSE, then their mean; not the error of the mean prediction
            using var perMember = errors.square().mean([0L]);
            expected = perMember.mean().item<float>();
            using var meanPrediction = heads.mean([1L], keepdim: true);
            var ofTheMean = nn.functional.mse_loss(meanPrediction, y).item<float>();
            Assert.True(ofTheMean < expected * 0.99, "the test needs the two losses to differ");
        }

        // When
        var loss = NeuralTrainer.TrainEpoch(net, optimizer, x, y, [.. Enumerable.Range(0, 20).Select(i => (long)i)], batch: 20, clip: 0);

        // Then
        Assert.Equal(expected, loss!.Value, 5);
    }

    [Fact]
    public void Should_ReproducePredictions_When_ComputingAForwardPassFromTheLayerView()
    {
        // Given
        var model = _ml.Regression.Trainers.TabM(SmallTabM(3)).Fit(_ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(300, 5)));
        var rows = NeuralTestData.SinSquare(20, 6);

        // When: the heads are read from the layers up to the mean, then averaged by hand
        var expected = NeuralTestData.Scores(model.Transform(_ml.Data.LoadFromEnumerable(rows)));
        var heads = model.Layers.TakeWhile(l => l.Kind != NeuralLayerKind.MemberMean).ToList();
        var manual = rows.Select(r => LayerViewForward.Run(heads, r.Features).Average() * model.LabelStd + model.LabelMean).ToArray();

        // Then
        Assert.Equal([NeuralLayerKind.MemberMean], model.Layers.Skip(heads.Count).Select(l => l.Kind));
        Assert.Equal(8, LayerViewForward.Run(heads, rows[0].Features).Length);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(expected[i], manual[i], 3);
    }

    [Fact]
    public void Should_ReachHighRSquared_When_LearningSinPlusSquare()
    {
        // Given
        var train = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(2000, 1));
        var test = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(500, 2));

        // When
        var model = _ml.Regression.Trainers.TabM(SmallTabM(40, dropout: 0.1)).Fit(train);
        var metrics = _ml.Regression.Evaluate(model.Transform(test));

        // Then
        Assert.True(metrics.RSquared >= 0.95, $"R² = {metrics.RSquared}");
    }

    [Fact]
    public void Should_PredictIdentically_When_SavedAndLoaded()
    {
        // Given
        var model = _ml.Regression.Trainers.TabM(SmallTabM(3, dropout: 0.1)).Fit(_ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(200, 3)));
        var rows = _ml.Data.LoadFromEnumerable(NeuralTestData.SinSquare(30, 4));
        using var stream = new MemoryStream();

        // When
        NeuralModelPersistence.Save(model, stream);
        stream.Position = 0;
        var loaded = NeuralModelPersistence.Load(stream);

        // Then
        Assert.Equal(model.TabMOptions, loaded.TabMOptions);
        Assert.Null(loaded.MlpOptions);
        Assert.Equal(NeuralTestData.Scores(model.Transform(rows)), NeuralTestData.Scores(loaded.Transform(rows)));
    }
}
