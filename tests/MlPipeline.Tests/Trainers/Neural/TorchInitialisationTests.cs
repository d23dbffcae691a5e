using MlPipeline.Trainers.Neural;
using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class TorchInitialisationTests
{
    [Fact]
    public void Should_LoadNativeTorchAndReduceLoss_When_TrainingATinyNet()
    {
        // Given: torch's native library (patched by the build for GLIBCXX) and a tiny linear problem y = 2x + 1
        torch.manual_seed(1);
        float[] inputs = Enumerable.Range(0, 32).Select(i => -1f + 2f * i / 31).ToArray();
        using var x = torch.tensor(inputs, [32, 1]);
        using var y = torch.tensor(inputs.Select(v => 2 * v + 1).ToArray(), [32, 1]);
        using var net = nn.Linear(1, 1);
        using var optimizer = new GradientDescent(net.parameters(), NeuralOptimizer.Sgd, 0.1, weightDecay: 0, momentum: 0);
        double first = double.NaN, last = double.NaN;

        // When: a few gradient-descent steps run
        for (int step = 0; step < 20; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.ZeroGrad();
            var loss = nn.functional.mse_loss(net.call(x), y);
            loss.backward();
            optimizer.Step();
            double value = loss.item<float>();
            if (step == 0) first = value;
            last = value;
        }

        // Then: the loss went down
        Assert.True(last < first * 0.5, $"loss {first} -> {last}");
    }
}
