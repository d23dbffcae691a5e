using MathNet.Numerics.LinearAlgebra;
using MlPipeline.Trainers.LinearModels;

namespace MlPipeline.Tests.Trainers.LinearModels;

public sealed class LinearSolverTests
{
    [Fact]
    public void Should_MatchBruteForceLeaveOneOut_When_RidgeUsesTheShortcut()
    {
        var (x, y, n, p) = Data(rows: 40, width: 5, noise: 0.5, seed: 3);
        var data = StandardizedGram.From(x, y, n, p);
        const double relative = 0.05;
        var alpha = relative * data.Eigen().Values.Sum() / p;

        var shortcut = RidgeSolver.Fit(data, [relative]).LeaveOneOutRmse;

        // Refit without each row: intercept free, same standardisation and penalty.
        var xs = Matrix<double>.Build.Dense(n, p, (i, j) => (x[i * p + j] - data.Means[j]) / data.Scales[j]);
        double sse = 0;
        for (var i = 0; i < n; i++)
        {
            var keep = Enumerable.Range(0, n).Where(r => r != i).ToArray();
            var a = Matrix<double>.Build.Dense(n - 1, p + 1, (r, c) => c == 0 ? 1 : xs[keep[r], c - 1]);
            var penalty = Matrix<double>.Build.DenseDiagonal(p + 1, p + 1, c => c == 0 ? 0 : alpha);
            var b = Vector<double>.Build.Dense(n - 1, r => y[keep[r]]);
            var coef = (a.TransposeThisAndMultiply(a) + penalty).Solve(a.TransposeThisAndMultiply(b));
            var predicted = coef[0] + xs.Row(i) * coef.SubVector(1, p);
            sse += (y[i] - predicted) * (y[i] - predicted);
        }
        Assert.Equal(Math.Sqrt(sse / n), shortcut, 6);
    }

    [Fact]
    public void Should_ChooseLikeLeaveOneOut_When_ManyRowsPerFeatureMakeRidgeUseGeneralizedCrossValidation()
    {
        var (x, y, n, p) = Data(rows: 3000, width: 8, noise: 2.0, seed: 4);
        var data = StandardizedGram.From(x, y, n, p);

        var exact = RidgeSolver.Fit(data, RidgeSolver.RelativeGrid);
        var generalized = RidgeSolver.Fit(data, RidgeSolver.RelativeGrid, exactWorkLimit: 0);

        Assert.Equal(exact.LeaveOneOutRmse, generalized.LeaveOneOutRmse, 0.01 * exact.LeaveOneOutRmse);
        Assert.Equal(exact.Weights.Select(w => (double)w), generalized.Weights.Select(w => (double)w), new Tolerance(0.01));
        Assert.InRange(generalized.Penalty, exact.Penalty / 10, exact.Penalty * 10);
    }

    [Fact]
    public void Should_EqualTheDenseProducts_When_TheGramSkipsZeroCells()
    {
        // Given: a dense column far from zero (a year), a dense centred one, two one-hot slots and a rare indicator
        const int n = 500, p = 5;
        var random = new Random(6);
        var x = new float[n * p];
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            var level = random.Next(3);
            x[i * p] = 1990 + random.Next(30);
            x[i * p + 1] = (float)(random.NextDouble() * 2 - 1);
            x[i * p + 2] = level == 0 ? 1 : 0;
            x[i * p + 3] = level == 1 ? 1 : 0;
            x[i * p + 4] = random.Next(20) == 0 ? 1 : 0;
            y[i] = (float)(0.1 * x[i * p] + x[i * p + 1] + 2 * x[i * p + 2] + random.NextDouble());
        }

        var data = StandardizedGram.From(x, y, n, p);

        // Then: the same XᵀX and Xᵀy as dense products of the standardised rows
        var gram = Matrix<double>.Build.Dense(p, p);
        var cross = Vector<double>.Build.Dense(p);
        foreach (var (block, start) in data.Blocks())
        {
            gram += block.TransposeThisAndMultiply(block);
            cross += block.TransposeThisAndMultiply(Vector<double>.Build.Dense(block.RowCount, i => data.CenteredLabel[start + i]));
        }
        for (var a = 0; a < p; a++)
        {
            Assert.Equal(cross[a], data.CrossProducts[a], 1e-6 * n);
            for (var b = 0; b < p; b++) Assert.Equal(gram[a, b], data.Gram[a, b], 1e-7 * n);
        }
    }

    [Fact]
    public void Should_RecoverTheCoefficients_When_LeastSquaresFitsNoiselessData()
    {
        var (x, y, n, p) = Data(rows: 30, width: 4, noise: 0, seed: 5);

        var solution = LeastSquaresSolver.Fit(StandardizedGram.From(x, y, n, p));

        Assert.Equal(s_truth.Take(p), solution.Weights.Select(w => (double)w), new Tolerance(1e-4));
        Assert.Equal(Intercept, solution.Bias, 3);
    }

    [Fact]
    public void Should_GiveTheMinimumNormSolution_When_FeaturesAreCollinear()
    {
        var (x, y, n, p) = Data(rows: 30, width: 3, noise: 0.1, seed: 7);
        for (var i = 0; i < n; i++) x[i * p + 2] = x[i * p] + x[i * p + 1];
        var data = StandardizedGram.From(x, y, n, p);

        var collinear = LeastSquaresSolver.Fit(data);
        var reduced = LeastSquaresSolver.Fit(StandardizedGram.From([.. x.Where((_, k) => k % p < 2)], y, n, 2));

        // Same fitted values as least squares on the two independent columns; the shared weight split by norm.
        for (var i = 0; i < n; i++)
        {
            double Fit(LinearSolution s, int width) => s.Bias + Enumerable.Range(0, width).Sum(j => s.Weights[j] * x[i * p + j]);
            Assert.Equal(Fit(reduced, 2), Fit(collinear, 3), 3);
        }
        Assert.NotEqual(0f, collinear.Weights[2]);
    }

    [Fact]
    public void Should_RefuseLeastSquares_When_TheRankLeavesNoResidualDegreesOfFreedom()
    {
        var (x, y, n, p) = Data(rows: 6, width: 5, noise: 0.1, seed: 8);

        var error = Assert.Throws<InvalidOperationException>(() => LeastSquaresSolver.Fit(StandardizedGram.From(x, y, n, p)));

        Assert.Contains("not well posed", error.Message);
    }

    [Fact]
    public void Should_FitRidge_When_FeaturesOutnumberRows()
    {
        var (x, y, n, p) = Data(rows: 12, width: 30, noise: 0.1, seed: 9);

        var solution = RidgeSolver.Fit(StandardizedGram.From(x, y, n, p));

        Assert.All(solution.Weights, w => Assert.True(float.IsFinite(w)));
        Assert.True(solution.Penalty > 0);
        Assert.Throws<InvalidOperationException>(() => LeastSquaresSolver.Fit(StandardizedGram.From(x, y, n, p)));
    }

    [Theory]
    [InlineData(1.0, 0.05)]
    [InlineData(0.5, 0.01)]
    [InlineData(0.2, 0.3)]
    public void Should_SatisfyTheOptimalityConditions_When_ElasticNetConverges(double l1Ratio, double relativePenalty)
    {
        var (x, y, n, p) = Data(rows: 60, width: 6, noise: 1.0, seed: 11);
        var data = StandardizedGram.From(x, y, n, p);

        var solution = ElasticNetSolver.Fit(data, l1Ratio, relativePenalty);

        // Karush-Kuhn-Tucker on the standardised problem (features and label at unit variance):
        // gradient = λρ·sign(β) + λ(1−ρ)β where β ≠ 0, |gradient| ≤ λρ where β = 0.
        var labelScale = Math.Sqrt(data.CenteredLabel.Sum(v => v * v) / n);
        var beta = Vector<double>.Build.Dense(p, j => solution.Weights[j] * data.Scales[j] / labelScale);
        var gradient = (data.CrossProducts / labelScale - data.Gram * beta) / n;
        var lambda = solution.Penalty;
        for (var j = 0; j < p; j++)
        {
            if (beta[j] != 0) Assert.Equal(lambda * l1Ratio * Math.Sign(beta[j]) + lambda * (1 - l1Ratio) * beta[j], gradient[j], 4);
            else Assert.True(Math.Abs(gradient[j]) <= lambda * l1Ratio + 1e-6, $"coordinate {j}: |{gradient[j]}| > {lambda * l1Ratio}");
        }
        Assert.Contains(solution.Weights, w => w == 0 || l1Ratio < 1);
    }

    [Fact]
    public void Should_GiveTheSameModelInAnyLabelUnits_When_ElasticNetPenaltyIsRelative()
    {
        var (x, y, n, p) = Data(rows: 60, width: 5, noise: 1.0, seed: 19);
        float[] scaled = [.. y.Select(v => v * 1000)];

        var small = ElasticNetSolver.Fit(StandardizedGram.From(x, y, n, p), 0.5, 0.01);
        var large = ElasticNetSolver.Fit(StandardizedGram.From(x, scaled, n, p), 0.5, 0.01);

        Assert.Equal(small.Weights.Select(w => (double)w * 1000), large.Weights.Select(w => (double)w), new Tolerance(1e-2));
    }

    [Fact]
    public void Should_PredictTheMean_When_ElasticNetPenaltyZeroesEverything()
    {
        var (x, y, n, p) = Data(rows: 50, width: 4, noise: 1.0, seed: 13);

        var solution = ElasticNetSolver.Fit(StandardizedGram.From(x, y, n, p), l1Ratio: 1, relativePenalty: 1);

        Assert.All(solution.Weights, w => Assert.Equal(0f, w));
        Assert.Equal(y.Average(), solution.Bias, 3);
    }

    [Fact]
    public void Should_ApproachLeastSquares_When_LassoPenaltyIsTiny()
    {
        var (x, y, n, p) = Data(rows: 80, width: 5, noise: 0.3, seed: 17);
        var data = StandardizedGram.From(x, y, n, p);

        var lasso = ElasticNetSolver.Fit(data, l1Ratio: 1, relativePenalty: 1e-6);
        var ols = LeastSquaresSolver.Fit(data);

        Assert.Equal(ols.Weights.Select(w => (double)w), lasso.Weights.Select(w => (double)w), new Tolerance(1e-3));
    }

    private const double Intercept = 7.5;
    private static readonly double[] s_truth = [1.5, -2.0, 0.0, 3.25, 0.5, -1.0, 0.0, 2.0];

    private static (float[] X, float[] Y, int Rows, int Width) Data(int rows, int width, double noise, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows * width];
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            double target = Intercept;
            for (var j = 0; j < width; j++)
            {
                var v = (float)(random.NextDouble() * 4 - 2 + j);
                x[i * width + j] = v;
                target += s_truth[j % s_truth.Length] * v;
            }
            y[i] = (float)(target + noise * (random.NextDouble() - 0.5) * 2);
        }
        return (x, y, rows, width);
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(double value) => 0;
    }
}
