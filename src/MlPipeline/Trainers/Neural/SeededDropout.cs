using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// Inverted dropout drawing its masks from the network's own generator. torch's <c>nn.Dropout</c> draws from the
/// process-wide generator, so two networks training at once (parallel trials) would disturb each other's masks and
/// the same seed would stop giving the same model.
/// </summary>
internal sealed class SeededDropout(double probability, Generator generator) : nn.Module<Tensor, Tensor>(nameof(SeededDropout))
{
    public double Probability { get; } = probability;

    public override Tensor forward(Tensor x)
    {
        if (!training || Probability <= 0) return x.alias();
        using var scope = NewDisposeScope();
        using var draw = rand(x.shape, dtype: x.dtype, device: x.device, generator: generator);
        var keep = draw.ge(Probability).to_type(x.dtype).div_(1 - Probability);
        return (x * keep).MoveToOuterDisposeScope();
    }
}
