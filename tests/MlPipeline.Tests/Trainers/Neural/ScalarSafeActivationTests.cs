using MlPipeline.Trainers.Neural;
using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Tests.Trainers.Neural;

[Collection(TorchScalarCollection.Name)]
public sealed class ScalarSafeActivationTests
{
    [Theory]
    [InlineData(NeuralActivation.LeakyRelu)]
    [InlineData(NeuralActivation.Softplus)]
    [InlineData(NeuralActivation.Mish)]
    public void Should_MatchTorchsModuleInValueAndGradient_When_AppliedToTheSameInput(NeuralActivation kind)
    {
        // Given: inputs from deep negative to beyond softplus's linear threshold, and torch's own module
        float[] values = [-40f, -20f, -5f, -1f, -0.3f, -1e-3f, 0.2f, 1f, 3f, 19f, 21f, 40f];
        using var ours = new ScalarSafeActivation(kind);
        using nn.Module<Tensor, Tensor> theirs = kind switch
        {
            NeuralActivation.LeakyRelu => nn.LeakyReLU(NetworkBuilder.LeakyReluSlope),
            NeuralActivation.Softplus => nn.Softplus(),
            _ => nn.Mish(),
        };
        using var x1 = torch.tensor(values).requires_grad_();
        using var x2 = torch.tensor(values).requires_grad_();

        // When
        using var y1 = ours.call(x1);
        using var y2 = theirs.call(x2);
        using (var s1 = y1.sum()) s1.backward();
        using (var s2 = y2.sum()) s2.backward();

        // Then
        var (a, b) = (y1.detach().data<float>().ToArray(), y2.detach().data<float>().ToArray());
        using var g1t = x1.grad!;
        using var g2t = x2.grad!;
        var (g1, g2) = (g1t.data<float>().ToArray(), g2t.data<float>().ToArray());
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-6 * Math.Max(1, Math.Abs(b[i])), $"f({values[i]}) = {a[i]} vs torch {b[i]}");
            Assert.True(Math.Abs(g1[i] - g2[i]) <= 1e-5, $"f'({values[i]}) = {g1[i]} vs torch {g2[i]}");
        }
    }
}
