using MlPipeline.Trainers;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Trainers.Neural;

[Collection(TorchScalarCollection.Name)]
public sealed class ScalarLifetimeStressTests
{
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
        const int epochs = 10;
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
            var trained = NeuralTrainer.Fit(arch, new DenseRows(x, y, rows), features, null, CancellationToken.None);
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
}

