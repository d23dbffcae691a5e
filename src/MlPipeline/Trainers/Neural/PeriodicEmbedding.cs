using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// RealMLP's PBLD numeric embedding (Holzmüller et al. 2024, §3 "numerical embeddings"; pytabkit's
/// <c>PLREmbeddingsLayerCosBias</c> with <c>plr_act_name='linear'</c>, <c>plr_use_densenet=True</c>), after the PLR
/// embeddings of Gorishniy et al. 2022: per feature j, h = cos(2π·x_j·w_j + b_j) ∈ ℝᵏ, then a linear map of its own
/// h·V_j + c_j ∈ ℝ^(m−1); the output is all features' maps (feature-major) followed by the inputs themselves.
/// Frequencies w ~ N(0, σ²), phases b ~ U(−π, π), V and c ~ U(−1/√k, 1/√k), as in pytabkit.
/// </summary>
internal sealed class PeriodicEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _frequencies; // [n, k]
    private readonly Parameter _phases;      // [n, k]
    private readonly Parameter _projection;  // [n, k, m − 1]
    private readonly Parameter _bias;        // [n, m − 1]
    private readonly Scalar _one = 1.0.ToScalar();
    private readonly Scalar _twoPi = (2 * Math.PI).ToScalar();
    private readonly long _outputsPerFeature;

    public PeriodicEmbedding(int features, PeriodicEmbeddingOptions o, Generator generator) : base(nameof(PeriodicEmbedding))
    {
        if (o.Frequencies < 1 || o.Width < 2) throw new ArgumentException("A periodic embedding needs at least one frequency and a width of at least 2.");
        int k = o.Frequencies;
        _outputsPerFeature = o.Width - 1;
        using var noGrad = torch.no_grad();
        _frequencies = new Parameter(Normal([features, k], o.Sigma, generator));
        _phases = new Parameter(Uniform([features, k], Math.PI, generator));
        _projection = new Parameter(Uniform([features, k, _outputsPerFeature], 1 / Math.Sqrt(k), generator));
        _bias = new Parameter(Uniform([features, _outputsPerFeature], 1 / Math.Sqrt(k), generator));
        register_parameter("frequencies", _frequencies);
        register_parameter("phases", _phases);
        register_parameter("projection", _projection);
        register_parameter("bias", _bias);
    }

    internal Parameter Frequencies => _frequencies;
    internal Parameter Phases => _phases;
    internal Parameter Projection => _projection;
    internal Parameter Bias => _bias;

    /// <summary>Output width for <paramref name="features"/> inputs: m per feature.</summary>
    public static int OutputWidth(int features, PeriodicEmbeddingOptions o) => features * o.Width;

    private static Tensor Normal(long[] shape, double std, Generator generator)
    {
        using var draw = torch.randn(shape, generator: generator);
        using var s = std.ToScalar();
        return draw.mul(s);
    }

    private static Tensor Uniform(long[] shape, double bound, Generator generator)
    {
        using var draw = torch.rand(shape, generator: generator);
        using var width = (2 * bound).ToScalar();
        using var offset = bound.ToScalar();
        using var scaled = draw.mul(width);
        return scaled.sub(offset);
    }

    public override Tensor forward(Tensor x)
    {
        using var column = x.unsqueeze(-1);                  // [B, n, 1]
        using var product = column.mul(_frequencies);         // [B, n, k]
        using var angle = product.mul(_twoPi);
        using var shifted = angle.add(_phases, _one);
        using var periodic = shifted.cos();
        using var mapped = torch.einsum("bnk,nkm->bnm", periodic, _projection);
        using var biased = mapped.add(_bias, _one);
        using var flat = biased.reshape(x.shape[0], x.shape[1] * _outputsPerFeature);
        return torch.cat([flat, x], 1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _frequencies.Dispose(); _phases.Dispose(); _projection.Dispose(); _bias.Dispose(); _one.Dispose(); _twoPi.Dispose();
        }
        base.Dispose(disposing);
    }
}
