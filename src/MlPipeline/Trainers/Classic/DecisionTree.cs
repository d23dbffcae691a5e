namespace MlPipeline.Trainers.Classic;

/// <summary>
/// One regression tree in ML.NET's layout: internal node i sends <c>x[Features[i]] ≤ Thresholds[i]</c> to
/// <c>Left[i]</c> and anything else, NaN included, to <c>Right[i]</c>; a negative child c is leaf <c>~c</c>.
/// </summary>
/// <param name="Features">Split feature slot of each internal node.</param>
/// <param name="Thresholds">Split threshold of each internal node.</param>
/// <param name="Left">Child taken when the value is at most the threshold.</param>
/// <param name="Right">Child taken otherwise.</param>
/// <param name="Leaves">Each leaf's output, already scaled by the tree's weight in its model.</param>
internal sealed record DecisionTree(int[] Features, float[] Thresholds, int[] Left, int[] Right, double[] Leaves)
{
    /// <summary>The leaf <paramref name="x"/> falls in.</summary>
    public int LeafOf(ReadOnlySpan<float> x)
    {
        if (Features.Length == 0) return 0;
        var node = 0;
        while (true)
        {
            var child = x[Features[node]] <= Thresholds[node] ? Left[node] : Right[node];
            if (child < 0) return ~child;
            node = child;
        }
    }
}
