namespace MlPipeline.Trainers.Explanations;

/// <summary>
/// Exact path-dependent TreeSHAP (Lundberg, Erion et al. 2020, "From local explanations to global understanding with
/// explainable AI for trees", Algorithm 2): the Shapley values of one tree's output for one row, in O(leaves · depth²),
/// where a feature outside the coalition follows both branches weighted by the reference rows' cover.
/// The values add up: <see cref="ExplainedTree.ExpectedValue"/> + Σ φ = the tree's output.
/// </summary>
internal static class TreeShap
{
    private struct PathElement
    {
        public int Feature;
        public double Zero;
        public double One;
        public double Weight;
    }

    /// <summary>Adds the tree's Shapley values for <paramref name="x"/> to <paramref name="phi"/> (one per feature slot).</summary>
    public static void Add(ExplainedTree tree, ReadOnlySpan<float> x, Span<double> phi)
    {
        if (tree.Tree.Features.Length == 0) return;
        // Each level's path lies after its parent's in one buffer (as the reference implementation lays it out), so the
        // recursion never copies a list; a path holds at most depth + 2 elements.
        var levels = tree.Depth + 2;
        var paths = new PathElement[levels * (levels + 1) / 2 + levels + 1];
        Recurse(tree, x, phi, 0, paths, 0, 0, 1, 1, -1);
    }

    private static void Recurse(ExplainedTree tree, ReadOnlySpan<float> x, Span<double> phi, int node, PathElement[] buffer,
        int offset, int depth, double zero, double one, int feature)
    {
        // The path of this call is a copy of the parent's, extended by one element.
        var next = offset + depth + 1;
        Array.Copy(buffer, offset, buffer, next, depth);
        var path = buffer.AsSpan(next);
        Extend(path, depth, zero, one, feature);

        if (node < 0)
        {
            var value = tree.Tree.Leaves[~node];
            for (var i = 1; i <= depth; i++)
            {
                var w = UnwoundSum(path, depth, i);
                phi[path[i].Feature] += w * (path[i].One - path[i].Zero) * value;
            }
            return;
        }

        var (split, left, right) = (tree.Tree.Features[node], tree.Tree.Left[node], tree.Tree.Right[node]);
        var goesLeft = x[split] <= tree.Tree.Thresholds[node];
        var (hot, cold) = goesLeft ? (left, right) : (right, left);
        var hotFraction = tree.Fraction(node, hot);
        var coldFraction = tree.Fraction(node, cold);

        double incomingZero = 1, incomingOne = 1;
        var pathDepth = depth + 1;
        // A feature already on the path is split on again: undo its earlier element and carry its fractions down.
        for (var k = 1; k < pathDepth; k++)
        {
            if (path[k].Feature != split) continue;
            incomingZero = path[k].Zero;
            incomingOne = path[k].One;
            Unwind(path, depth, k);
            pathDepth--;
            break;
        }
        // A branch neither the row nor any reference row takes weighs nothing (and would divide 0 by 0 further down).
        if (hotFraction * incomingZero > 0 || incomingOne > 0)
        {
            Recurse(tree, x, phi, hot, buffer, next, pathDepth, hotFraction * incomingZero, incomingOne, split);
        }
        if (coldFraction * incomingZero > 0) Recurse(tree, x, phi, cold, buffer, next, pathDepth, coldFraction * incomingZero, 0, split);
    }

    private static void Extend(Span<PathElement> path, int depth, double zero, double one, int feature)
    {
        path[depth] = new PathElement { Feature = feature, Zero = zero, One = one, Weight = depth == 0 ? 1 : 0 };
        for (var i = depth - 1; i >= 0; i--)
        {
            path[i + 1].Weight += one * path[i].Weight * (i + 1) / (depth + 1);
            path[i].Weight = zero * path[i].Weight * (depth - i) / (depth + 1);
        }
    }

    private static void Unwind(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var nextOne = path[depth].Weight;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var t = path[i].Weight;
                path[i].Weight = nextOne * (depth + 1) / ((i + 1) * one);
                nextOne = t - path[i].Weight * zero * (depth - i) / (depth + 1);
            }
            else
            {
                path[i].Weight = path[i].Weight * (depth + 1) / (zero * (depth - i));
            }
        }
        for (var i = index; i < depth; i++)
        {
            path[i].Feature = path[i + 1].Feature;
            path[i].Zero = path[i + 1].Zero;
            path[i].One = path[i + 1].One;
        }
    }

    /// <summary>The sum of the path's weights with element <paramref name="index"/> unwound, without changing the path.</summary>
    private static double UnwoundSum(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var nextOne = path[depth].Weight;
        double total = 0;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var t = nextOne * (depth + 1) / ((i + 1) * one);
                total += t;
                nextOne = path[i].Weight - t * zero * (depth - i) / (depth + 1);
            }
            else
            {
                total += path[i].Weight / zero * (depth + 1) / (depth - i);
            }
        }
        return total;
    }
}
