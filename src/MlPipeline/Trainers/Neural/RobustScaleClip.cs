using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// RealMLP's input transform (Holzmüller et al. 2024, "Better by default", §3 and pytabkit's <c>RobustScaleFactory</c>,
/// <c>smooth_clip_func</c>): per feature z = (x − median)·factor with factor = 1/(q75 − q25), or 1/(½(max − min))
/// when the quartiles coincide, or 0 for a constant feature; then the smooth clip z / √(1 + (z/3)²), which keeps
/// outliers within ±3 while leaving |z| ≲ 1 almost unchanged. The statistics are fixed buffers set from the training rows.
/// </summary>
internal sealed class RobustScaleClip : nn.Module<Tensor, Tensor>
{
    /// <summary>The smooth clip's bound (pytabkit's <c>smooth_clip_max_abs_value</c>).</summary>
    public const double Bound = 3.0;

    /// <summary>
    /// z is clamped to ±this first so that z² cannot overflow a float; the clip of 10⁶ is 3 to within 5·10⁻¹², so the
    /// clamp changes no float result.
    /// </summary>
    public const double Saturation = 1e6;

    private readonly Tensor _center;
    private readonly Tensor _factor;
    private readonly Scalar _one = 1.0.ToScalar(), _minusOne = (-1.0).ToScalar();
    private readonly Scalar _inverseBoundSquared = (1.0 / (Bound * Bound)).ToScalar();
    private readonly Scalar _low = (-Saturation).ToScalar(), _high = Saturation.ToScalar();

    public RobustScaleClip(int features) : base(nameof(RobustScaleClip))
    {
        _center = torch.zeros(features);
        _factor = torch.ones(features);
        register_buffer("center", _center);
        register_buffer("factor", _factor);
    }

    internal float[] Center => _center.data<float>().ToArray();
    internal float[] Factor => _factor.data<float>().ToArray();

    /// <summary>Sets the medians and scale factors from the training rows <paramref name="rows"/> of <paramref name="x"/> (rows × features).</summary>
    public void Fit(Tensor x, int[] rows)
    {
        using var index = torch.tensor(rows.Select(r => (long)r).ToArray());
        var (center, factor) = Statistics((int)x.shape[1], rows.Length, (j, column) =>
        {
            using var feature = x.select(1, j);
            using var values = feature.index_select(0, index);
            var read = values.data<float>().ToArray();
            for (int r = 0; r < read.Length; r++) column[r] = read[r];
        });
        using var noGrad = torch.no_grad();
        using var c = torch.tensor(center);
        using var f = torch.tensor(factor);
        _center.copy_(c);
        _factor.copy_(f);
    }

    /// <summary>The statistics of the rows <paramref name="rows"/> of row-major <paramref name="x"/>.</summary>
    internal static (float[] Center, float[] Factor) Statistics(float[] x, int[] rows, int features) =>
        Statistics(features, rows.Length, (j, column) =>
        {
            for (int r = 0; r < rows.Length; r++) column[r] = x[(long)rows[r] * features + j];
        });

    /// <summary>Each feature's median and factor, from its <paramref name="count"/> training values <paramref name="fill"/> writes.</summary>
    private static (float[] Center, float[] Factor) Statistics(int features, int count, Action<int, double[]> fill)
    {
        var center = new float[features];
        var factor = new float[features];
        var column = new double[count];
        for (int j = 0; j < features; j++)
        {
            fill(j, column);
            Array.Sort(column);
            double spread = Quantile(column, 0.75) - Quantile(column, 0.25);
            if (spread == 0) spread = 0.5 * (column[^1] - column[0]);
            center[j] = (float)Quantile(column, 0.5);
            factor[j] = spread == 0 ? 0f : (float)(1.0 / spread);
        }
        return (center, factor);
    }

    /// <summary>numpy's default (linear) quantile of sorted values.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    public override Tensor forward(Tensor x)
    {
        using var centered = x.add(_center, _minusOne); // sub has no overload taking an owned scalar
        using var scaled = centered.mul(_factor);
        using var z = scaled.clamp(_low, _high);
        using var square = z.square();
        using var shrunk = square.mul(_inverseBoundSquared);
        using var denominator = shrunk.add_(_one, _one);
        using var inverse = denominator.rsqrt();
        return z.mul(inverse);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _center.Dispose(); _factor.Dispose(); _one.Dispose(); _minusOne.Dispose(); _inverseBoundSquared.Dispose(); _low.Dispose(); _high.Dispose();
        }
        base.Dispose(disposing);
    }
}
