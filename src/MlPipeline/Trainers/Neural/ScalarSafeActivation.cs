using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// Leaky ReLU, softplus and mish without the temporary <see cref="Scalar"/>s TorchSharp's modules create per call
/// (see <see cref="GradientDescent"/> for why those are unsafe): the slope is a scalar this module owns, and
/// softplus(x) is computed as −log σ(−x), which takes no scalar at all.
/// </summary>
internal sealed class ScalarSafeActivation : nn.Module<Tensor, Tensor>
{
    private readonly NeuralActivation _kind;
    private readonly Scalar? _slope;

    public ScalarSafeActivation(NeuralActivation kind) : base(kind.ToString())
    {
        if (kind is not (NeuralActivation.LeakyRelu or NeuralActivation.Softplus or NeuralActivation.Mish))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "torch's own module has no scalar to keep.");
        _kind = kind;
        if (kind == NeuralActivation.LeakyRelu) _slope = NetworkBuilder.LeakyReluSlope.ToScalar();
    }

    public override Tensor forward(Tensor x)
    {
        switch (_kind)
        {
            case NeuralActivation.LeakyRelu:
                return x.leaky_relu(_slope!);
            case NeuralActivation.Softplus:
                return Softplus(x);
            default:
                using (var softplus = Softplus(x))
                using (var tanh = softplus.tanh())
                    return x.mul(tanh);
        }
    }

    private static Tensor Softplus(Tensor x)
    {
        using var negated = x.neg();
        using var logSigmoid = negated.log_sigmoid();
        return logSigmoid.neg();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _slope?.Dispose();
        base.Dispose(disposing);
    }
}
