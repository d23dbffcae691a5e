using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>Builds the torch networks for the option records; same options + seed give the same initial weights.</summary>
internal static class NetworkBuilder
{
    /// <remarks>
    /// Initial weights and dropout masks come from a generator of this network's own: torch's global one is shared by
    /// every network training in the process, and parallel trials would make each other irreproducible.
    /// </remarks>
    public static Sequential Build(NeuralArchitecture arch, int inputSize, int seed)
    {
        var generator = new Generator((ulong)seed);
        // torch's layer constructors draw from the global generator; holding the dropout lock keeps them from
        // advancing it while a dropout of another network has its state swapped in.
        lock (SeededDropout.GlobalGenerator)
        {
            var net = arch.Mlp is { } m ? BuildMlp(m, inputSize, generator)
                : arch.ResNet is { } r ? BuildResNet(r, inputSize, generator)
                : BuildTabM(arch.TabM!, inputSize, generator);
            Initialise(net, arch.Initialization, generator);
            return net;
        }
    }

    private static Sequential BuildMlp(MlpOptions o, int inputSize, Generator generator)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int prev = inputSize;
        if (o.RobustScaleAndClip) layers.Add(("robust_clip", new RobustScaleClip(inputSize)));
        if (o.PeriodicEmbedding is { } embedding)
        {
            layers.Add(("embedding", new PeriodicEmbedding(inputSize, embedding, generator)));
            prev = PeriodicEmbedding.OutputWidth(inputSize, embedding);
        }
        if (o.FrontScaleLearningRateFactor > 0) layers.Add(("front_scale", new FeatureScale(prev)));
        for (int i = 0; i < o.HiddenLayers.Count; i++)
        {
            int width = o.HiddenLayers[i];
            layers.Add(($"linear{i}", nn.Linear(prev, width)));
            if (o.Normalization != NeuralNormalization.None) layers.Add(($"norm{i}", Norm(o.Normalization, width)));
            layers.Add(($"act{i}", o.ParametricActivationLearningRateFactor > 0 ? new ParametricActivation(o.Activation, width) : Activation(o.Activation)));
            if (o.Dropout > 0) layers.Add(($"dropout{i}", new SeededDropout(o.Dropout, generator)));
            prev = width;
        }
        layers.Add(("head", nn.Linear(prev, 1)));
        return nn.Sequential(layers);
    }

    private static Sequential BuildResNet(ResNetOptions o, int inputSize, Generator generator)
    {
        var norm = o.Normalization == NeuralNormalization.None ? NeuralNormalization.BatchNorm : o.Normalization;
        int hidden = Math.Max(1, (int)Math.Round(o.Width * o.HiddenFactor));
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("first", nn.Linear(inputSize, o.Width)) };
        for (int i = 0; i < o.Blocks; i++)
            layers.Add(($"block{i}", new ResNetBlock(o.Width, hidden, o.Activation, norm, o.HiddenDropout, o.ResidualDropout, generator)));
        layers.Add(("final_norm", Norm(norm, o.Width)));
        layers.Add(("final_act", Activation(o.Activation)));
        layers.Add(("head", nn.Linear(o.Width, 1)));
        return nn.Sequential(layers);
    }

    /// <summary>
    /// TabM (Gorishniy et al. 2025) without feature embeddings, as the official <c>MLPBackboneBatchEnsemble</c> with
    /// <c>tabm_init=True</c> and <c>scaling_init='random-signs'</c>: blocks of BatchEnsemble linear, ReLU and dropout,
    /// then one head per member and, outside training, the members' mean.
    /// </summary>
    private static Sequential BuildTabM(TabMOptions o, int inputSize, Generator generator)
    {
        if (o.Members < 1 || o.Blocks < 1 || o.Width < 1) throw new ArgumentException("TabM needs at least one member, one block and a width of at least 1.");
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int prev = inputSize;
        for (int i = 0; i < o.Blocks; i++)
        {
            layers.Add(($"linear{i}", new BatchEnsembleLinear(prev, o.Width, o.Members, randomSigns: i == 0, generator)));
            layers.Add(($"act{i}", nn.ReLU()));
            if (o.Dropout > 0) layers.Add(($"dropout{i}", new SeededDropout(o.Dropout, generator)));
            prev = o.Width;
        }
        layers.Add(("head", new EnsembleHead(prev, o.Members, generator)));
        layers.Add(("mean", new MemberMean()));
        return nn.Sequential(layers);
    }

    /// <summary>
    /// Every parameter of <paramref name="net"/> with its learning-rate and decay multipliers: RealMLP's factors
    /// (Holzmüller et al. 2024; pytabkit's <c>scale_lr_factor</c>, <c>plr_lr_factor</c>, <c>act_lr_factor</c>,
    /// <c>bias_lr_factor=0.1</c> and <c>bias_wd_factor=0</c>), where the options ask for them, else 1.
    /// </summary>
    public static IReadOnlyList<(Parameter Parameter, ParameterRates Rates)> RatesOf(Sequential net, NeuralArchitecture arch)
    {
        var o = arch.Mlp;
        var rates = new List<(Parameter, ParameterRates)>();
        foreach (var (_, m) in net.named_children())
        {
            switch (m)
            {
                case Linear lin when o is { TangentLearningRates: true }:
                    // A multiplicative decay is blind to the parametrisation, so weights decay at lr·wd as in pytabkit.
                    rates.Add((lin.weight!, new ParameterRates(1 / Math.Sqrt(lin.weight!.shape[1]), 1)));
                    if (lin.bias is { } bias) rates.Add((bias, new ParameterRates(0.1, 0)));
                    break;
                case PeriodicEmbedding when o?.PeriodicEmbedding is { } e:
                    rates.AddRange(m.parameters().Select(p => (p, new ParameterRates(e.LearningRateFactor, e.LearningRateFactor))));
                    break;
                case FeatureScale when o is not null:
                    rates.AddRange(m.parameters().Select(p => (p, new ParameterRates(o.FrontScaleLearningRateFactor, o.FrontScaleLearningRateFactor))));
                    break;
                case BatchEnsembleLinear or EnsembleHead:
                    // The paper's make_parameter_groups: no weight decay on parameters named bias.
                    rates.AddRange(m.named_parameters().Select(p => (p.parameter, p.name == "bias" ? new ParameterRates(1, 0) : ParameterRates.Plain)));
                    break;
                case ParametricActivation when o is not null:
                    rates.AddRange(m.parameters().Select(p => (p, new ParameterRates(o.ParametricActivationLearningRateFactor, o.ParametricActivationLearningRateFactor))));
                    break;
                default:
                    rates.AddRange(m.parameters().Select(p => (p, ParameterRates.Plain)));
                    break;
            }
        }
        return rates;
    }

    public static nn.Module<Tensor, Tensor> Norm(NeuralNormalization kind, int width) => kind switch
    {
        NeuralNormalization.LayerNorm => nn.LayerNorm(width),
        NeuralNormalization.BatchNorm => WithoutBatchCounter(nn.BatchNorm1d(width)),
        _ => nn.Identity(),
    };

    public static nn.Module<Tensor, Tensor> Activation(NeuralActivation a) => a switch
    {
        NeuralActivation.Relu => nn.ReLU(),
        NeuralActivation.LeakyRelu or NeuralActivation.Softplus or NeuralActivation.Mish => new ScalarSafeActivation(a),
        NeuralActivation.Gelu => nn.GELU(),
        NeuralActivation.Selu => nn.SELU(),
        NeuralActivation.Tanh => nn.Tanh(),
        NeuralActivation.Sigmoid => nn.Sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, null),
    };

    public const double LeakyReluSlope = 0.01;

    /// <summary>
    /// Drops the batch counter, which only matters when momentum is unset (it stays 0.1): TorchSharp increments it
    /// with <c>add_(1)</c>, a temporary scalar that is unsafe to hand to libtorch (see <see cref="GradientDescent"/>).
    /// </summary>
    private static BatchNorm1d WithoutBatchCounter(BatchNorm1d norm)
    {
        norm.num_batches_tracked = null;
        return norm;
    }

    /// <summary>State entries older saved networks carry that <see cref="Build"/> no longer creates.</summary>
    public static bool IsDroppedStateEntry(string name) => name.EndsWith(".num_batches_tracked", StringComparison.Ordinal);

    /// <summary>Xavier-uniform (gain 1) or Kaiming-uniform (fan-in, ReLU gain √2) weights, zero biases, drawn from <paramref name="generator"/>.</summary>
    private static void Initialise(nn.Module net, WeightInitialization init, Generator generator)
    {
        using var noGrad = torch.no_grad();
        foreach (var module in net.modules())
        {
            if (module is not Linear lin) continue;
            var (fanOut, fanIn) = (lin.weight.shape[0], lin.weight.shape[1]);
            var bound = init == WeightInitialization.Xavier ? Math.Sqrt(6.0 / (fanIn + fanOut)) : Math.Sqrt(2.0) * Math.Sqrt(3.0 / fanIn);
            using var draw = torch.rand(lin.weight.shape, dtype: lin.weight.dtype, generator: generator);
            using var width = (2 * bound).ToScalar();
            using var offset = bound.ToScalar();
            using var weights = draw.mul(width);
            lin.weight.copy_(weights.sub_(offset));
            if (lin.bias is { } b) nn.init.zeros_(b);
        }
    }
}
