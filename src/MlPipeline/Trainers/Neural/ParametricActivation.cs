using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// RealMLP's parametric activation (Holzmüller et al. 2024, §3; pytabkit's <c>ParametricActivationLayer</c>):
/// x + α·(f(x) − x) with a learnt α per neuron starting at 1, so each neuron can move between f and the identity.
/// </summary>
internal sealed class ParametricActivation : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _activation;
    private readonly Parameter _mix;
    private readonly Scalar _one = 1.0.ToScalar(), _minusOne = (-1.0).ToScalar();

    public ParametricActivation(NeuralActivation activation, int width) : base(nameof(ParametricActivation))
    {
        _activation = NetworkBuilder.Activation(activation);
        _mix = new Parameter(torch.ones(width));
        register_module("activation", _activation);
        register_parameter("mix", _mix);
    }

    internal Parameter Mix => _mix;

    public override Tensor forward(Tensor x)
    {
        using var f = _activation.call(x);
        using var difference = f.add(x, _minusOne);
        using var weighted = difference.mul(_mix);
        return x.add(weighted, _one);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _activation.Dispose(); _mix.Dispose(); _one.Dispose(); _minusOne.Dispose(); }
        base.Dispose(disposing);
    }
}
