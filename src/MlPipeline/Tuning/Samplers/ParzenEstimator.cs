namespace MlPipeline.Tuning.Samplers;

/// <summary>
/// Mixture of product kernels over the unit cube (Bergstra et al. 2011, "Algorithms for
/// Hyper-Parameter Optimization", with Optuna's defaults): one component per observation plus a
/// prior component. Numerical dimensions use truncated Gaussians on [0, 1] (integrated over the
/// bin for discrete values); categorical dimensions use Optuna's Aitchison-Aitken-like kernel that
/// puts prior_weight / n_kernels on every choice plus 1 on the observed one.
/// </summary>
internal sealed class ParzenEstimator
{
    private readonly Distribution[] _dims;
    private readonly double[] _logWeights;
    private readonly double[] _weights;
    private readonly double[][] _mus;
    private readonly double[][] _sigmas;
    private readonly double[][][] _categorical;

    public ParzenEstimator(
        IReadOnlyList<double[]> observations, double[] obsWeights, Distribution[] dims, TpeSettings settings, bool multivariate)
    {
        _dims = dims;
        var n = observations.Count;
        var nKernels = n + 1;
        _weights = new double[nKernels];
        for (var i = 0; i < n; i++) _weights[i] = obsWeights[i];
        _weights[n] = n == 0 ? 1.0 : settings.PriorWeight;
        var total = _weights.Sum();
        for (var i = 0; i < nKernels; i++) _weights[i] /= total;
        _logWeights = _weights.Select(w => Math.Log(w)).ToArray();
        _mus = new double[dims.Length][];
        _sigmas = new double[dims.Length][];
        _categorical = new double[dims.Length][][];
        for (var d = 0; d < dims.Length; d++)
        {
            var column = observations.Select(o => o[d]).ToArray();
            if (dims[d] is CategoricalDistribution cat)
                _categorical[d] = CategoricalKernels(column, cat.Choices.Count, settings.PriorWeight);
            else
                (_mus[d], _sigmas[d]) = NumericalKernels(
                    column.Select(dims[d].ToUnit).ToArray(), settings, multivariate ? dims.Length : 0);
        }
    }

    private static double[][] CategoricalKernels(double[] observed, int nChoices, double priorWeight)
    {
        var nKernels = observed.Length + 1;
        var rows = new double[nKernels][];
        for (var k = 0; k < nKernels; k++)
        {
            var row = Enumerable.Repeat(priorWeight / nKernels, nChoices).ToArray();
            if (k < observed.Length) row[(int)observed[k]] += 1.0;
            var s = row.Sum();
            rows[k] = row.Select(x => x / s).ToArray();
        }

        return rows;
    }

    /// <remarks>nParamsForMultivariate == 0 selects Optuna's univariate neighbour-distance bandwidths.</remarks>
    private static (double[] Mus, double[] Sigmas) NumericalKernels(double[] mus, TpeSettings s, int nParamsForMultivariate)
    {
        var n = mus.Length;
        var sigmas = new double[n];
        if (nParamsForMultivariate > 0)
        {
            var sigma = 0.2 * Math.Pow(Math.Max(n, 1), -1.0 / (nParamsForMultivariate + 4));
            Array.Fill(sigmas, sigma);
        }
        else if (n > 0)
        {
            var withPrior = mus.Append(0.5).ToArray();
            var order = Enumerable.Range(0, withPrior.Length).OrderBy(i => withPrior[i]).ToArray();
            var ends = new double[withPrior.Length + 2];
            ends[0] = 0;
            ends[^1] = 1;
            for (var i = 0; i < order.Length; i++) ends[i + 1] = withPrior[order[i]];
            var sorted = new double[withPrior.Length];
            for (var i = 0; i < sorted.Length; i++) sorted[i] = Math.Max(ends[i + 1] - ends[i], ends[i + 2] - ends[i + 1]);
            if (!s.ConsiderEndpoints && ends.Length >= 4)
            {
                sorted[0] = ends[2] - ends[1];
                sorted[^1] = ends[^2] - ends[^3];
            }

            for (var i = 0; i < order.Length; i++)
            {
                if (order[i] < n) sigmas[order[i]] = sorted[i];
            }
        }

        var minSigma = s.ConsiderMagicClip ? 1.0 / Math.Min(100.0, 1.0 + n + 1) : 1e-12;
        for (var i = 0; i < n; i++) sigmas[i] = Math.Clamp(sigmas[i], minSigma, 1.0);
        return (mus.Append(0.5).ToArray(), sigmas.Append(1.0).ToArray());
    }

    /// <summary>Draws internal-value vectors from the mixture.</summary>
    public double[][] Sample(Random rng, int count)
    {
        var result = new double[count][];
        for (var c = 0; c < count; c++)
        {
            var k = PickComponent(rng);
            var x = new double[_dims.Length];
            for (var d = 0; d < _dims.Length; d++)
            {
                if (_categorical[d] is { } rows) x[d] = PickIndex(rng, rows[k]);
                else x[d] = _dims[d].FromUnit(NormalMath.SampleTruncatedUnit(rng, _mus[d][k], _sigmas[d][k]));
            }

            result[c] = x;
        }

        return result;
    }

    /// <summary>Log density (mass for discrete dimensions) of an internal-value vector.</summary>
    public double LogPdf(double[] x)
    {
        Span<double> terms = stackalloc double[_weights.Length];
        for (var k = 0; k < _weights.Length; k++)
        {
            var lp = _logWeights[k];
            for (var d = 0; d < _dims.Length && !double.IsNegativeInfinity(lp); d++) lp += LogKernel(d, k, x[d]);
            terms[k] = lp;
        }

        return NormalMath.LogSumExp(terms);
    }

    private double LogKernel(int d, int k, double value)
    {
        if (_categorical[d] is { } rows) return Math.Log(rows[k][(int)value]);
        var mu = _mus[d][k];
        var sigma = _sigmas[d][k];
        var norm = NormalMath.Mass(-mu / sigma, (1 - mu) / sigma);
        if (_dims[d].UnitBin(value) is { } bin)
        {
            var mass = NormalMath.Mass((Math.Max(bin.Low, 0) - mu) / sigma, (Math.Min(bin.High, 1) - mu) / sigma);
            return Math.Log(Math.Max(mass, 1e-300)) - Math.Log(norm);
        }

        var u = _dims[d].ToUnit(value);
        return NormalMath.LogPdf((u - mu) / sigma) - Math.Log(sigma) - Math.Log(norm);
    }

    private int PickComponent(Random rng) => PickIndex(rng, _weights);

    private static int PickIndex(Random rng, double[] probabilities)
    {
        var u = rng.NextDouble();
        var acc = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            acc += probabilities[i];
            if (u < acc) return i;
        }

        return probabilities.Length - 1;
    }
}
