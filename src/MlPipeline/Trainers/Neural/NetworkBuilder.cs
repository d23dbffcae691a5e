using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>Builds the torch networks for the option records; same options + seed give the same initial weights.</summary>
internal static class NetworkBuilder
{
    public static Sequential Build(NeuralArchitecture arch, int inputSize, int seed)
    {
        torch.manual_seed(seed);
        var net = arch.Mlp is { } m ? BuildMlp(m, inputSize) : BuildResNet(arch.ResNet!, inputSize);
        Initialise(net, arch.Initialization);
        return net;
    }

    private static Sequential BuildMlp(MlpOptions o, int inputSize)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int prev = inputSize;
        for (int i = 0; i < o.HiddenLayers.Count; i++)
        {
            int width = o.HiddenLayers[i];
            layers.Add(($"linear{i}", nn.Linear(prev, width)));
            if (o.Normalization != NeuralNormalization.None) layers.Add(($"norm{i}", Norm(o.Normalization, width)));
            layers.Add(($"act{i}", Activation(o.Activation)));
            if (o.Dropout > 0) layers.Add(($"dropout{i}", nn.Dropout(o.Dropout)));
            prev = width;
        }
        layers.Add(("head", nn.Linear(prev, 1)));
        return nn.Sequential(layers);
    }

    private static Sequential BuildResNet(ResNetOptions o, int inputSize)
    {
        var norm = o.Normalization == NeuralNormalization.None ? NeuralNormalization.BatchNorm : o.Normalization;
        int hidden = Math.Max(1, (int)Math.Round(o.Width * o.HiddenFactor));
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("first", nn.Linear(inputSize, o.Width)) };
        for (int i = 0; i < o.Blocks; i++)
            layers.Add(($"block{i}", new ResNetBlock(o.Width, hidden, o.Activation, norm, o.HiddenDropout, o.ResidualDropout)));
        layers.Add(("final_norm", Norm(norm, o.Width)));
        layers.Add(("final_act", Activation(o.Activation)));
        layers.Add(("head", nn.Linear(o.Width, 1)));
        return nn.Sequential(layers);
    }

    public static nn.Module<Tensor, Tensor> Norm(NeuralNormalization kind, int width) => kind switch
    {
        NeuralNormalization.LayerNorm => nn.LayerNorm(width),
        NeuralNormalization.BatchNorm => nn.BatchNorm1d(width),
        _ => nn.Identity(),
    };

    public static nn.Module<Tensor, Tensor> Activation(NeuralActivation a) => a switch
    {
        NeuralActivation.Relu => nn.ReLU(),
        NeuralActivation.LeakyRelu => nn.LeakyReLU(LeakyReluSlope),
        NeuralActivation.Gelu => nn.GELU(),
        NeuralActivation.Selu => nn.SELU(),
        NeuralActivation.Tanh => nn.Tanh(),
        NeuralActivation.Sigmoid => nn.Sigmoid(),
        NeuralActivation.Softplus => nn.Softplus(),
        NeuralActivation.Mish => nn.Mish(),
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, null),
    };

    public const double LeakyReluSlope = 0.01;

    private static void Initialise(nn.Module net, WeightInitialization init)
    {
        using var noGrad = torch.no_grad();
        foreach (var module in net.modules())
        {
            if (module is not Linear lin) continue;
            if (init == WeightInitialization.Xavier) nn.init.xavier_uniform_(lin.weight);
            else nn.init.kaiming_uniform_(lin.weight, a: 0);
            if (lin.bias is { } b) nn.init.zeros_(b);
        }
    }
}
