using MlPipeline.Trainers.Neural;
using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class GradientDescentTests
{
    [Theory]
    [InlineData(NeuralOptimizer.Adam, 1e-3, 0.0)]
    [InlineData(NeuralOptimizer.Adam, 1e-2, 0.0)]
    [InlineData(NeuralOptimizer.AdamW, 1e-2, 0.0)]
    [InlineData(NeuralOptimizer.Sgd, 1e-2, 0.9)]
    [InlineData(NeuralOptimizer.Sgd, 0.0, 0.0)]
    public void Should_UpdateWeightsLikeTorchOptim_When_TrainingTheSameNetwork(NeuralOptimizer kind, double weightDecay, double momentum)
    {
        // Given: two copies of one network, one updated by torch.optim, one by GradientDescent
        using var ours = Net(seed: 5);
        using var theirs = Net(seed: 5);
        using var optimizer = new GradientDescent(ours.parameters(), kind, 0.01, weightDecay, momentum);
        using optim.Optimizer reference = kind switch
        {
            NeuralOptimizer.Adam => optim.Adam(theirs.parameters(), 0.01, weight_decay: weightDecay),
            NeuralOptimizer.AdamW => optim.AdamW(theirs.parameters(), 0.01, weight_decay: weightDecay),
            _ => optim.SGD(theirs.parameters(), 0.01, momentum: momentum, weight_decay: weightDecay),
        };
        var generator = new Generator(11);
        using var x = torch.randn(64, 4, generator: generator);
        using var y = torch.randn(64, 1, generator: generator);

        // When: 30 steps run on both, halving the learning rate half-way as the schedules do
        for (int step = 0; step < 30; step++)
        {
            using var scope = torch.NewDisposeScope();
            if (step == 15)
            {
                optimizer.LearningRate = 0.005;
                foreach (var g in reference.ParamGroups) g.LearningRate = 0.005;
            }
            optimizer.ZeroGrad();
            nn.functional.mse_loss(ours.call(x), y).backward();
            optimizer.Step();
            reference.zero_grad();
            nn.functional.mse_loss(theirs.call(x), y).backward();
            reference.step();
        }

        // Then: the weights agree to float precision, and they moved
        using var fresh = Net(seed: 5);
        var a = Flatten(ours);
        var b = Flatten(theirs);
        var start = Flatten(fresh);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5, $"weight {i}: {a[i]} vs torch {b[i]}");
        Assert.True(a.Zip(start).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, "the weights did not move");
    }

    [Fact]
    public async Task Should_KeepTrainingNetworks_When_TheGarbageCollectorRunsDuringEveryNativeCall()
    {
        // Given: an MLP (batch norm, leaky ReLU, Adam) and a ResNet (batch norm, mish, residual sums, AdamW) training on
        // two threads, and a third thread forcing collections and finalizers without pause: the conditions under which
        // an unreferenced temporary scalar is freed while libtorch reads it. With torch.optim.Adam, nn.LeakyReLU and
        // nn.BatchNorm1d in this set-up, 2 of 3 runs failed ("Expected false to be true … Scalar::toFloat").
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        });
        const int epochs = 15;
        var training = NeuralTestData.FastTraining with { MaxEpochs = epochs, EarlyStoppingPatience = 0, BatchSize = 64, WeightDecay = 1e-4 };
        NeuralArchitecture[] networks =
        [
            new(new MlpOptions
            {
                HiddenLayers = [512, 512], Activation = NeuralActivation.LeakyRelu, Normalization = NeuralNormalization.BatchNorm,
                Dropout = 0.1, Training = training with { Optimizer = NeuralOptimizer.Adam },
            }, null),
            new(null, new ResNetOptions
            {
                Width = 256, Blocks = 2, Activation = NeuralActivation.Mish, Normalization = NeuralNormalization.BatchNorm,
                Training = training with { Optimizer = NeuralOptimizer.AdamW },
            }),
        ];
        const int rows = 1280, features = 64;
        var random = new Random(21);
        float[] x = Enumerable.Range(0, rows * features).Select(_ => (float)random.NextDouble()).ToArray();
        float[] y = Enumerable.Range(0, rows).Select(r => x[r * features] + 2 * x[r * features + 1] * x[r * features + 2]).ToArray();

        // When
        var trainings = networks.Select(arch => Task.Run(() =>
        {
            var trained = NeuralTrainer.Fit(arch, x, y, rows, features, null, CancellationToken.None);
            trained.Network.Dispose();
            return trained.Curve;
        })).ToArray();
        TrainingCurve[] curves;
        try { curves = await Task.WhenAll(trainings); }
        finally
        {
            stop.Cancel();
            await collector;
        }

        // Then: every epoch of both ran and the loss went down
        foreach (var curve in curves)
        {
            Assert.Equal(epochs, curve.Epochs.Count);
            Assert.True(curve.Epochs[^1].TrainLoss < curve.Epochs[0].TrainLoss, $"{curve.Epochs[0].TrainLoss} -> {curve.Epochs[^1].TrainLoss}");
        }
    }

    private static nn.Module<Tensor, Tensor> Net(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(("a", nn.Linear(4, 8)), ("r", nn.ReLU()), ("b", nn.Linear(8, 1)));
    }

    private static float[] Flatten(nn.Module net) =>
        net.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
}
