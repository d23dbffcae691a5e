using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// RealMLP's front scaling layer (Holzmüller et al. 2024, §3 "scaling layer"): x·s with a learnt s per input, starting
/// at 1 and trained with a larger learning rate, so the network can weigh features (a soft feature selection).
/// </summary>
internal sealed class FeatureScale : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _scale;

    public FeatureScale(int features) : base(nameof(FeatureScale))
    {
        _scale = new Parameter(torch.ones(features));
        register_parameter("scale", _scale);
    }

    internal Parameter Scale => _scale;

    public override Tensor forward(Tensor x) => x.mul(_scale);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _scale.Dispose();
        base.Dispose(disposing);
    }
}
