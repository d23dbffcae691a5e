using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// How many rows one no-gradient forward pass (a validation pass, or scoring) may take at once. A block's memory is its
/// rows × what the network holds per row at its widest layer: a few thousand floats for an MLP, but about 50,000 for
/// the paper's TabM (32 members × 512 wide, input and output of a layer and the temporaries between), where a fixed
/// 4,096-row block needed gigabytes (the 1M-row scale run's working set rose by 2 GB when TabM started). The per-row
/// figure is measured on a two-row probe through the network's layers, not derived from each architecture.
/// </summary>
internal static class ForwardBlocks
{
    /// <summary>Bytes a block's widest layer may hold.</summary>
    internal const long BytesPerBlock = 64L << 20;

    /// <summary>Fewest rows a block takes, however wide the network: smaller matrix products run far below speed.</summary>
    internal const int FewestRows = 16;

    /// <summary>A layer holds its input, its output and temporaries between them (BatchEnsemble's scaled input and product).</summary>
    private const int TemporariesFactor = 2;

    /// <summary>Float32 values a forward pass of <paramref name="net"/> holds per row at its widest layer.</summary>
    public static long FloatsPerRow(Sequential net, int inputSize)
    {
        const int probeRows = 2;
        var training = net.training;
        net.eval();
        try
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            var x = torch.zeros(probeRows, inputSize);
            long widest = x.numel();
            foreach (var layer in net.children().OfType<nn.Module<Tensor, Tensor>>())
            {
                var y = layer.call(x);
                widest = Math.Max(widest, x.numel() + y.numel());
                x = y;
            }
            return Math.Max(1, TemporariesFactor * widest / probeRows);
        }
        finally
        {
            if (training) net.train();
        }
    }

    /// <summary>Rows per block for <paramref name="net"/>: within <see cref="BytesPerBlock"/>, at least <see cref="FewestRows"/>, at most <paramref name="most"/>.</summary>
    public static int Rows(Sequential net, int inputSize, int most) =>
        (int)Math.Clamp(BytesPerBlock / (sizeof(float) * FloatsPerRow(net, inputSize)), Math.Min(FewestRows, most), most);
}
