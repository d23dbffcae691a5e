using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// Adam, AdamW and SGD with momentum, with the update rules of <c>torch.optim</c> (β₁ = 0.9, β₂ = 0.999 unless given, ε = 1e-8, no
/// dampening, no Nesterov).
/// </summary>
/// <remarks>
/// TorchSharp's own optimizers build a <see cref="Scalar"/> from each double implicitly and hand only its native
/// handle to libtorch; the managed object is then unreachable, so a garbage collection during the native call lets
/// the finalizer free the scalar while libtorch reads it ("Expected false to be true … Scalar::toFloat" from
/// <c>addcdiv_</c>). Under parallel trials that failed about one network in seventy. Here every scalar is a field
/// (the constants) or a <c>using</c> local of <see cref="Step"/> (what changes with the step), alive until the
/// calls it feeds have returned.
/// </remarks>
internal sealed class GradientDescent : IDisposable
{
    private const double Beta1 = 0.9, Epsilon = 1e-8;

    private readonly Parameter[] _parameters;
    private readonly ParameterRates[] _rates;
    private readonly double _beta2;
    private readonly NeuralOptimizer _kind;
    private readonly double _weightDecay;
    private readonly double _momentum;
    private readonly Tensor?[] _first;   // Adam's first moment, SGD's momentum buffer
    private readonly Tensor?[] _second;  // Adam's second moment
    private readonly Scalar _one = 1.0.ToScalar(); // TorchSharp's add_ overloads without alpha pass a temporary 1
    private readonly Scalar _beta1 = Beta1.ToScalar(), _rest1 = (1 - Beta1).ToScalar();
    private readonly Scalar _beta2Scalar, _rest2;
    private readonly Scalar _epsilon = Epsilon.ToScalar();
    private readonly Scalar _decay, _momentumFactor;
    private long _step;

    public GradientDescent(IEnumerable<Parameter> parameters, NeuralOptimizer kind, double learningRate, double weightDecay, double momentum,
        double beta2 = 0.999)
        : this(parameters.Select(p => (p, ParameterRates.Plain)), kind, learningRate, weightDecay, momentum, beta2)
    {
    }

    /// <summary>Each parameter with its own multipliers of the learning rate and of the decay (see <see cref="ParameterRates"/>).</summary>
    public GradientDescent(IEnumerable<(Parameter Parameter, ParameterRates Rates)> parameters, NeuralOptimizer kind, double learningRate,
        double weightDecay, double momentum, double beta2 = 0.999)
    {
        var list = parameters.ToArray();
        _parameters = [.. list.Select(p => p.Parameter)];
        _rates = [.. list.Select(p => p.Rates)];
        _beta2 = beta2;
        _beta2Scalar = beta2.ToScalar();
        _rest2 = (1 - beta2).ToScalar();
        _kind = kind;
        LearningRate = learningRate;
        _weightDecay = weightDecay;
        _momentum = momentum;
        _decay = weightDecay.ToScalar();
        _momentumFactor = momentum.ToScalar();
        _first = new Tensor?[_parameters.Length];
        _second = new Tensor?[_parameters.Length];
    }

    /// <summary>Step size of the next update.</summary>
    public double LearningRate { get; set; }

    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    public void Step()
    {
        using var noGrad = torch.no_grad();
        _step++;
        double correction1 = 1 - Math.Pow(Beta1, _step);
        using var root2 = Math.Sqrt(1 - Math.Pow(_beta2, _step)).ToScalar();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            using var grad = p.grad;
            if (grad is null) continue;
            var rate = LearningRate * _rates[i].Step;
            using var adamStep = (-rate / correction1).ToScalar();
            using var shrink = (1 - LearningRate * _rates[i].Decay * _weightDecay).ToScalar();
            using var sgdStep = (-rate).ToScalar();
            switch (_kind)
            {
                case NeuralOptimizer.Adam:
                    {
                        using var decayed = WithL2(p, grad);
                        Adam(i, p, decayed ?? grad, adamStep, root2);
                        break;
                    }
                case NeuralOptimizer.AdamW:
                    if (_weightDecay != 0 && _rates[i].Decay != 0) p.mul_(shrink);
                    Adam(i, p, grad, adamStep, root2);
                    break;
                case NeuralOptimizer.Sgd:
                    {
                        using var decayed = WithL2(p, grad);
                        Sgd(i, p, decayed ?? grad, sgdStep);
                        break;
                    }
                default:
                    throw new InvalidOperationException($"Unknown optimizer {_kind}.");
            }
        }
    }

    /// <summary>grad + weight_decay · p, or null when there is no decay.</summary>
    private Tensor? WithL2(Parameter p, Tensor grad) => _weightDecay == 0 ? null : grad.add(p, _decay);

    private void Adam(int i, Parameter p, Tensor grad, Scalar stepSize, Scalar root2)
    {
        var m = _first[i] ??= torch.zeros_like(p).DetachFromDisposeScope();
        var v = _second[i] ??= torch.zeros_like(p).DetachFromDisposeScope();
        m.mul_(_beta1).add_(grad, _rest1);
        v.mul_(_beta2Scalar).addcmul_(grad, grad, _rest2);
        using var denominator = v.sqrt();
        denominator.div_(root2).add_(_epsilon, _one);
        p.addcdiv_(m, denominator, stepSize);
    }

    private void Sgd(int i, Parameter p, Tensor grad, Scalar step)
    {
        var direction = grad;
        if (_momentum != 0)
        {
            if (_first[i] is { } buffer) buffer.mul_(_momentumFactor).add_(grad, _one);
            else _first[i] = grad.clone().DetachFromDisposeScope();
            direction = _first[i]!;
        }
        p.add_(direction, step);
    }

    public void Dispose()
    {
        foreach (var t in _first) t?.Dispose();
        foreach (var t in _second) t?.Dispose();
        foreach (var s in new[] { _one, _beta1, _rest1, _beta2Scalar, _rest2, _epsilon, _decay, _momentumFactor }) s.Dispose();
    }
}
