using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>x + Dropout(Linear(Dropout(Act(Linear(Norm(x)))))).</summary>
internal sealed class ResNetBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _norm;
    private readonly Linear _linear1;
    private readonly nn.Module<Tensor, Tensor> _activation;
    private readonly SeededDropout _hiddenDropout;
    private readonly Linear _linear2;
    private readonly SeededDropout _residualDropout;
    private readonly Scalar _one = 1.0.ToScalar();

    public ResNetBlock(int width, int hidden, NeuralActivation activation, NeuralNormalization normalization, double hiddenDropout, double residualDropout, Generator generator)
        : base(nameof(ResNetBlock))
    {
        _norm = NetworkBuilder.Norm(normalization, width);
        _linear1 = nn.Linear(width, hidden);
        _activation = NetworkBuilder.Activation(activation);
        _hiddenDropout = new SeededDropout(hiddenDropout, generator);
        _linear2 = nn.Linear(hidden, width);
        _residualDropout = new SeededDropout(residualDropout, generator);
        RegisterComponents();
    }

    internal nn.Module<Tensor, Tensor> Norm => _norm;
    internal Linear Linear1 => _linear1;
    internal Linear Linear2 => _linear2;

    public override Tensor forward(Tensor x)
    {
        using var h = _norm.call(x);
        using var z1 = _linear1.call(h);
        using var a = _activation.call(z1);
        using var d = _hiddenDropout.call(a);
        using var z2 = _linear2.call(d);
        using var r = _residualDropout.call(z2);
        return x.add(r, _one); // x + r would hand libtorch a temporary scalar (see GradientDescent)
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _norm.Dispose(); _linear1.Dispose(); _activation.Dispose();
            _hiddenDropout.Dispose(); _linear2.Dispose(); _residualDropout.Dispose(); _one.Dispose();
        }
        base.Dispose(disposing);
    }
}
