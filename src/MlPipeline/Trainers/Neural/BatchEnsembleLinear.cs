using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// k linear layers sharing one weight (BatchEnsemble, Wen et al. 2020, eq. 5; the official <c>tabm.LinearBatchEnsemble</c>):
/// member i maps its representation xᵢ to ((xᵢ∘rᵢ)·Wᵀ)∘sᵢ + bᵢ, i.e. the linear layer with weight W∘(sᵢrᵢᵀ). Input
/// [B, in] is one representation all members share (TabM's first layer), [B, k, in] one per member; output [B, k, out].
/// Initialised as the package: W and the bias ~ U(±1/√in), the k biases equal at the start; r is random signs in
/// the first layer and ones elsewhere, s is ones.
/// </summary>
internal sealed class BatchEnsembleLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight; // [out, in], shared
    private readonly Parameter _r;      // [k, in]
    private readonly Parameter _s;      // [k, out]
    private readonly Parameter _bias;   // [k, out]
    private readonly Scalar _one = 1.0.ToScalar();
    private readonly long _inputs;

    public BatchEnsembleLinear(int inputs, int outputs, int members, bool randomSigns, Generator generator) : base(nameof(BatchEnsembleLinear))
    {
        _inputs = inputs;
        using var noGrad = torch.no_grad();
        double bound = 1 / Math.Sqrt(inputs);
        _weight = new Parameter(Uniform([outputs, inputs], bound, generator));
        _r = new Parameter(randomSigns ? RandomSigns([members, inputs], generator) : torch.ones(members, inputs));
        _s = new Parameter(torch.ones(members, outputs));
        using var sharedBias = Uniform([1, outputs], bound, generator);
        _bias = new Parameter(sharedBias.expand(members, outputs).contiguous());
        register_parameter("weight", _weight);
        register_parameter("r", _r);
        register_parameter("s", _s);
        register_parameter("bias", _bias);
    }

    internal Parameter Weight => _weight;
    internal Parameter InputScale => _r;
    internal Parameter OutputScale => _s;
    internal Parameter Bias => _bias;

    internal static Tensor Uniform(long[] shape, double bound, Generator generator)
    {
        using var draw = torch.rand(shape, generator: generator);
        using var width = (2 * bound).ToScalar();
        using var offset = bound.ToScalar();
        using var scaled = draw.mul(width);
        return scaled.sub(offset);
    }

    private static Tensor RandomSigns(long[] shape, Generator generator)
    {
        using var draw = torch.rand(shape, generator: generator);
        using var half = 0.5.ToScalar();
        using var heads = draw.lt(half);
        using var ones = torch.ones(shape);
        using var minus = ones.neg();
        return torch.where(heads, minus, ones);
    }

    public override Tensor forward(Tensor x)
    {
        // [B, in] becomes [B, 1, in]; the product with r broadcasts it to every member.
        using var members = x.reshape(x.shape[0], -1, _inputs);
        using var scaled = members.mul(_r);
        using var mixed = nn.functional.linear(scaled, _weight);
        using var rescaled = mixed.mul(_s);
        return rescaled.add(_bias, _one);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _weight.Dispose(); _r.Dispose(); _s.Dispose(); _bias.Dispose(); _one.Dispose();
        }
        base.Dispose(disposing);
    }
}
