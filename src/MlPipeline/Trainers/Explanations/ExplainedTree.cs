using MlPipeline.Trainers.Classic;

namespace MlPipeline.Trainers.Explanations;

/// <summary>A regression tree with how many reference rows reached each of its nodes (its cover).</summary>
/// <param name="Tree">The tree.</param>
/// <param name="NodeCover">Reference rows reaching each internal node.</param>
/// <param name="LeafCover">Reference rows reaching each leaf.</param>
internal sealed record ExplainedTree(DecisionTree Tree, double[] NodeCover, double[] LeafCover)
{
    /// <summary>The tree with covers counted from <paramref name="rows"/> (feature vectors), each row adding one on its path.</summary>
    public static ExplainedTree Counted(DecisionTree tree, IEnumerable<float[]> rows)
    {
        var nodeCover = new double[tree.Features.Length];
        var leafCover = new double[tree.Leaves.Length];
        foreach (var x in rows)
        {
            // One walk down the row's path counts its nodes and ends at its leaf (a one-leaf tree: leaf 0).
            var child = tree.Features.Length == 0 ? ~0 : 0;
            while (child >= 0)
            {
                nodeCover[child]++;
                child = x[tree.Features[child]] <= tree.Thresholds[child] ? tree.Left[child] : tree.Right[child];
            }
            leafCover[~child]++;
        }
        return new ExplainedTree(tree, nodeCover, leafCover);
    }

    /// <summary>
    /// The share of the reference rows at <paramref name="node"/> that go to <paramref name="child"/>; half when none
    /// reached the node (a split the reference rows never saw).
    /// </summary>
    internal double Fraction(int node, int child)
    {
        var cover = NodeCover[node];
        return cover > 0 ? (child < 0 ? LeafCover[~child] : NodeCover[child]) / cover : 0.5;
    }

    /// <summary>The longest root-to-leaf path, in splits.</summary>
    public int Depth => Tree.Features.Length == 0 ? 0 : DepthBelow(0);

    private int DepthBelow(int node) =>
        1 + Math.Max(Tree.Left[node] < 0 ? 0 : DepthBelow(Tree.Left[node]), Tree.Right[node] < 0 ? 0 : DepthBelow(Tree.Right[node]));

    /// <summary>The tree's output averaged over the reference rows' paths: the base value its Shapley values add to.</summary>
    public double ExpectedValue() => Tree.Features.Length == 0 ? Tree.Leaves[0] : ExpectedBelow(0);

    private double ExpectedBelow(int child) => child < 0 ? Tree.Leaves[~child]
        : Fraction(child, Tree.Left[child]) * ExpectedBelow(Tree.Left[child]) + Fraction(child, Tree.Right[child]) * ExpectedBelow(Tree.Right[child]);
}
