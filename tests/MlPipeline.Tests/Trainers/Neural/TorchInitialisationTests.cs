using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Tests.Trainers.Neural;

[Collection(TorchCollection.Name)]
public sealed class TorchInitialisationTests
{
    [Fact]
    public void Should_LoadNativeTorchAndReduceLoss_When_TrainingATinyNet()
    {
        // Given: torch's native library (patched by the build for GLIBCXX) and a tiny linear problem y = 2x + 1
        torch.manual_seed(1);
        using var x = torch.linspace(-1, 1, 32).reshape(32, 1);
        using var y = 2 * x + 1;
        using var net = nn.Linear(1, 1);
        using var opt = optim.SGD(net.parameters(), 0.1);
        double first = double.NaN, last = double.NaN;

        // When: a few gradient-descent steps run
        for (int step = 0; step < 20; step++)
        {
            using var scope = torch.NewDisposeScope();
            opt.zero_grad();
            var loss = nn.functional.mse_loss(net.call(x), y);
            loss.backward();
            opt.step();
            double value = loss.item<float>();
            if (step == 0) first = value;
            last = value;
        }

        // Then: the loss went down
        Assert.True(last < first * 0.5, $"loss {first} -> {last}");
    }
}
