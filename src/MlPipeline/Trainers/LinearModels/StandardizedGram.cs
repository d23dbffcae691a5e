using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>
/// The training rows as the closed-form linear solvers need them: each feature centred and scaled to unit
/// variance (so one penalty means the same for every column), the label centred (the intercept is not
/// penalised), and the Gram matrix XᵀX of the non-constant standardised columns with its eigendecomposition.
/// One decomposition serves every penalty on the ridge grid and every coordinate-descent step of the elastic net.
/// </summary>
internal sealed class StandardizedGram
{
    private const int BlockRows = 4096;

    private StandardizedGram(float[] x, float[] y, int rows, int width)
    {
        X = x;
        Rows = rows;
        Width = width;
        Means = new double[width];
        Scales = new double[width];
        var zeros = new int[width];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < width; j++)
            {
                var v = x[(long)i * width + j];
                Means[j] += v;
                if (v == 0) zeros[j]++;
            }
        for (var j = 0; j < width; j++) Means[j] /= rows;
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < width; j++)
            {
                var d = x[(long)i * width + j] - Means[j];
                Scales[j] += d * d;
            }
        for (var j = 0; j < width; j++) Scales[j] = Math.Sqrt(Scales[j] / rows);
        // A column that never varies carries no information and would make the Gram matrix singular.
        Active = [.. Enumerable.Range(0, width).Where(j => Scales[j] > 1e-12 * Math.Max(1, Math.Abs(Means[j])))];

        LabelMean = y.Select(v => (double)v).Average();
        CenteredLabel = [.. y.Select(v => v - LabelMean)];

        (Gram, CrossProducts) = Products(x, rows, width, zeros);
    }

    /// <summary>
    /// XᵀX and Xᵀy of the standardised active columns, accumulated row by row over the cells that are not zero once
    /// shifted: one-hot slots and missing indicators are mostly zero, so a row costs (its non-zeros)² rather than k²
    /// (36² instead of 283² at 1M rows, where dense block products took a minute). A column that is mostly zero is
    /// left unshifted and centred afterwards (Σ(x−μ)(x−μ)ᵀ = Σ x̃x̃ᵀ − n δδᵀ with δ = μ − shift, which is at most its
    /// largest value for a 0/1 column, so nothing cancels); the others are shifted by their mean before the products,
    /// so a large offset (a year, a timestamp) cannot cancel digits either.
    /// </summary>
    private (Matrix<double> Gram, Vector<double> CrossProducts) Products(float[] x, int rows, int width, int[] zeros)
    {
        var k = Active.Length;
        var shift = new double[k];
        var delta = new double[k];
        for (var a = 0; a < k; a++)
        {
            var mean = Means[Active[a]];
            (shift[a], delta[a]) = zeros[Active[a]] * 2 > rows ? (0.0, mean) : (mean, 0.0);
        }
        var products = new double[k * k];
        var cross = new double[k];
        var index = new int[k];
        var value = new double[k];
        for (var i = 0; i < rows; i++)
        {
            var count = 0;
            for (var a = 0; a < k; a++)
            {
                var v = x[(long)i * width + Active[a]] - shift[a];
                if (v == 0) continue;
                index[count] = a;
                value[count++] = v;
            }
            var label = CenteredLabel[i];
            for (var p = 0; p < count; p++)
            {
                var row = index[p] * k;
                var vp = value[p];
                cross[index[p]] += vp * label;
                for (var q = p; q < count; q++) products[row + index[q]] += vp * value[q];
            }
        }
        var gram = Matrix<double>.Build.Dense(k, k);
        for (var a = 0; a < k; a++)
        {
            var sa = Scales[Active[a]];
            for (var b = a; b < k; b++)
            {
                var centred = (products[a * k + b] - rows * delta[a] * delta[b]) / (sa * Scales[Active[b]]);
                gram[a, b] = centred;
                gram[b, a] = centred;
            }
        }
        // Σ (x − μ) y꜀ = Σ x̃ y꜀ − δ Σ y꜀, and the centred label sums to zero.
        return (gram, Vector<double>.Build.Dense(k, a => cross[a] / Scales[Active[a]]));
    }

    /// <summary>The raw feature rows, row-major.</summary>
    public float[] X { get; }

    /// <summary>Rows with a finite label.</summary>
    public int Rows { get; }

    /// <summary>Length of the feature vector.</summary>
    public int Width { get; }

    /// <summary>Mean of each feature.</summary>
    public double[] Means { get; }

    /// <summary>Population standard deviation of each feature.</summary>
    public double[] Scales { get; }

    /// <summary>The features that vary, in order; the others get weight zero.</summary>
    public int[] Active { get; }

    /// <summary>Mean of the label: the intercept of a model whose features are all centred.</summary>
    public double LabelMean { get; }

    /// <summary>The label minus its mean.</summary>
    public double[] CenteredLabel { get; }

    /// <summary>XᵀX of the standardised active columns.</summary>
    public Matrix<double> Gram { get; }

    /// <summary>Xᵀy of the standardised active columns and the centred label.</summary>
    public Vector<double> CrossProducts { get; }

    /// <summary>Reads the rows of the standardised training data.</summary>
    public static StandardizedGram From(float[] x, float[] y, int rows, int width)
    {
        if (rows < 2) throw new ArgumentException($"a linear model needs at least 2 rows with a label, got {rows}");
        return new StandardizedGram(x, y, rows, width);
    }

    /// <summary>The eigendecomposition of <see cref="Gram"/>, eigenvalues clamped at zero.</summary>
    public (Vector<double> Values, Matrix<double> Vectors) Eigen()
    {
        Evd<double> evd = Gram.Evd(Symmetricity.Symmetric);
        return (evd.EigenValues.Map(v => Math.Max(0, v.Real)), evd.EigenVectors);
    }

    /// <summary>The standardised active columns in blocks of rows, with the index of each block's first row.</summary>
    public IEnumerable<(Matrix<double> Block, int Start)> Blocks()
    {
        for (var start = 0; start < Rows; start += BlockRows)
        {
            var count = Math.Min(BlockRows, Rows - start);
            var block = Matrix<double>.Build.Dense(count, Active.Length, (i, a) =>
            {
                var j = Active[a];
                return (X[(long)(start + i) * Width + j] - Means[j]) / Scales[j];
            });
            yield return (block, start);
        }
    }

    /// <summary>Turns coefficients of the standardised active columns into weights and bias on the raw features.</summary>
    public LinearSolution ToRawScale(Vector<double> standardized, double penalty, double validationRmse)
    {
        var weights = new float[Width];
        var bias = LabelMean;
        for (var a = 0; a < Active.Length; a++)
        {
            var j = Active[a];
            var w = standardized[a] / Scales[j];
            weights[j] = (float)w;
            bias -= w * Means[j];
        }
        return new LinearSolution(weights, (float)bias, penalty, validationRmse);
    }
}
