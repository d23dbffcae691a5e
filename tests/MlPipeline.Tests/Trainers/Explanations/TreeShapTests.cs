using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Classic;
using MlPipeline.Trainers.Explanations;

namespace MlPipeline.Tests.Trainers.Explanations;

public sealed class TreeShapTests
{
    private const int Slots = 4;

    /// <summary>A random tree over <see cref="Slots"/> features, up to <paramref name="depth"/> splits deep, features reused on a path.</summary>
    private static DecisionTree RandomTree(Random random, int depth)
    {
        var features = new List<int>();
        var thresholds = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var leaves = new List<double>();
        int Grow(int level)
        {
            if (level == depth || (level > 0 && random.NextDouble() < 0.25))
            {
                leaves.Add(Math.Round(random.NextDouble() * 20 - 10, 2));
                return ~(leaves.Count - 1);
            }
            var node = features.Count;
            features.Add(random.Next(Slots));
            thresholds.Add((float)random.NextDouble());
            left.Add(0);
            right.Add(0);
            left[node] = Grow(level + 1);
            right[node] = Grow(level + 1);
            return node;
        }
        Grow(0);
        return new DecisionTree([.. features], [.. thresholds], [.. left], [.. right], [.. leaves]);
    }

    private static float[][] RandomRows(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Slots).Select(_ => (float)random.NextDouble()).ToArray())];

    /// <summary>The tree's expected output when only the features in <paramref name="known"/> are known (the cover-weighted value function).</summary>
    private static double Expected(ExplainedTree tree, float[] x, int known, int child = 0)
    {
        if (child < 0) return tree.Tree.Leaves[~child];
        var (feature, left, right) = (tree.Tree.Features[child], tree.Tree.Left[child], tree.Tree.Right[child]);
        if ((known & (1 << feature)) != 0) return Expected(tree, x, known, x[feature] <= tree.Tree.Thresholds[child] ? left : right);
        return tree.Fraction(child, left) * Expected(tree, x, known, left) + tree.Fraction(child, right) * Expected(tree, x, known, right);
    }

    /// <summary>Shapley values by their definition: every coalition of the other features, weighted |S|!(M−|S|−1)!/M!.</summary>
    private static double[] BruteForce(ExplainedTree tree, float[] x)
    {
        static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
        var phi = new double[Slots];
        for (var i = 0; i < Slots; i++)
        {
            for (var coalition = 0; coalition < 1 << Slots; coalition++)
            {
                if ((coalition & (1 << i)) != 0) continue;
                var size = System.Numerics.BitOperations.PopCount((uint)coalition);
                var weight = Factorial(size) * Factorial(Slots - size - 1) / Factorial(Slots);
                phi[i] += weight * (Expected(tree, x, coalition | (1 << i)) - Expected(tree, x, coalition));
            }
        }
        return phi;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Equals_The_Shapley_Values_Computed_From_Their_Definition(int seed)
    {
        // Given: random trees up to six splits deep over four features (so features repeat along paths), covers from
        // 200 reference rows, and rows to explain (one with a NaN, which goes right as in ML.NET)
        var random = new Random(seed);
        for (var t = 0; t < 20; t++)
        {
            var tree = ExplainedTree.Counted(RandomTree(random, 6), RandomRows(random, 200));
            var rows = RandomRows(random, 5);
            rows[0][random.Next(Slots)] = float.NaN;
            foreach (var x in rows)
            {
                // When
                var phi = new double[Slots];
                TreeShap.Add(tree, x, phi);

                // Then: equal to the definition, and they add up to the output
                var expected = BruteForce(tree, x);
                for (var i = 0; i < Slots; i++) Assert.Equal(expected[i], phi[i], 9);
                Assert.Equal(tree.Tree.Leaves[tree.Tree.LeafOf(x)], tree.ExpectedValue() + phi.Sum(), 9);
            }
        }
    }

    [Fact]
    public void A_Split_No_Reference_Row_Reached_Still_Adds_Up()
    {
        // Given: reference rows all below every threshold, so the right subtrees have no cover
        var random = new Random(9);
        var tree = ExplainedTree.Counted(RandomTree(random, 5), [.. Enumerable.Range(0, 50).Select(_ => new float[Slots])]);
        var x = new float[] { 1, 1, 1, 1 };

        // When
        var phi = new double[Slots];
        TreeShap.Add(tree, x, phi);

        // Then
        Assert.Equal(tree.Tree.Leaves[tree.Tree.LeafOf(x)], tree.ExpectedValue() + phi.Sum(), 9);
        Assert.Equal(BruteForce(tree, x), phi, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    private sealed class Row
    {
        public float Label { get; set; }

        [VectorType(Slots)]
        public float[] Features { get; set; } = [];
    }

    [Theory]
    [InlineData("fasttree")]
    [InlineData("fasttree-tweedie")]
    [InlineData("fastforest")]
    [InlineData("lightgbm")]
    [InlineData("gam")]
    [InlineData("sdca")]
    [InlineData("lbfgs-poisson")]
    [InlineData("ridge")]
    public void A_Fitted_Models_Contributions_Add_Up_To_Its_Score(string trainer)
    {
        // Given: a model fitted by the trainer at its defaults on a positive, non-linear label
        var ml = new MLContext(3);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 600).Select(_ =>
        {
            var x = Enumerable.Range(0, Slots).Select(_ => (float)random.NextDouble()).ToArray();
            return new Row { Features = x, Label = (float)(5 + 3 * x[0] + 2 * Math.Sin(6 * x[1]) + x[2] * x[3] + random.NextDouble()) };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var candidate = TrainerRegistry.Default.Get(trainer);
        var model = candidate.CreateEstimator(ml, new TrainerInput(ColumnNames.Label, ColumnNames.Features, 3, rows.Count), candidate.Defaults).Fit(data);
        var parameters = TransformerChains.Flatten(model).OfType<ISingleFeaturePredictionTransformer<object>>().Single().Model;
        var scores = model.Transform(data).GetColumn<float>(ColumnNames.Score).ToArray();

        // When
        var explainer = FeatureExplainers.For(parameters, [.. rows.Take(300).Select(r => r.Features)])
            ?? throw new InvalidOperationException($"{trainer} has no explainer");
        var phi = new double[Slots];

        // Then: base + Σ contributions is the score (its log for a log-link model) on every row
        for (var r = 0; r < rows.Count; r++)
        {
            explainer.Explain(rows[r].Features, phi);
            var raw = explainer.BaseValue + phi.Sum();
            var predicted = explainer.LogScale ? Math.Exp(raw) : raw;
            Assert.True(Math.Abs(predicted - scores[r]) <= 1e-4 * Math.Max(1, Math.Abs(scores[r])), $"row {r}: {predicted} vs score {scores[r]}");
        }
        Assert.Equal(trainer is "fasttree-tweedie" or "lbfgs-poisson", explainer.LogScale);
    }
}
