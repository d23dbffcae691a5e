using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// k independent one-output linear heads (the official <c>tabm.LinearEnsemble(d, 1, k)</c>): [B, k, in] → [B, k], member
/// i's output xᵢ·wᵢ + cᵢ; weights and biases ~ U(±1/√in), drawn for each member.
/// </summary>
internal sealed class EnsembleHead : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight; // [k, in]
    private readonly Parameter _bias;   // [k]
    private readonly Scalar _one = 1.0.ToScalar();

    public EnsembleHead(int inputs, int members, Generator generator) : base(nameof(EnsembleHead))
    {
        using var noGrad = torch.no_grad();
        double bound = 1 / Math.Sqrt(inputs);
        _weight = new Parameter(BatchEnsembleLinear.Uniform([members, inputs], bound, generator));
        _bias = new Parameter(BatchEnsembleLinear.Uniform([members], bound, generator));
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
    }

    internal Parameter Weight => _weight;
    internal Parameter Bias => _bias;

    public override Tensor forward(Tensor x)
    {
        using var products = x.mul(_weight);
        using var sums = products.sum(2);
        return sums.add(_bias, _one);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _weight.Dispose(); _bias.Dispose(); _one.Dispose();
        }
        base.Dispose(disposing);
    }
}
