using MlPipeline.Trainers.Neural;
using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Tests.Trainers.Neural;

[Collection(TorchScalarCollection.Name)]
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

    private static nn.Module<Tensor, Tensor> Net(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(("a", nn.Linear(4, 8)), ("r", nn.ReLU()), ("b", nn.Linear(8, 1)));
    }

    private static float[] Flatten(nn.Module net) =>
        net.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
}
