using MlPipeline.Trainers.Classic;

namespace MlPipeline.Trainers.Explanations;

/// <summary>
/// Exact path-dependent TreeSHAP over every tree of a <see cref="TreeModel"/>, the covers counted from reference rows
/// (ML.NET keeps no per-node training counts, so the rows the model was trained on, or a sample of them, stand in).
/// </summary>
internal sealed class TreeModelExplainer : IFeatureExplainer
{
    private readonly ExplainedTree[] _trees;

    public TreeModelExplainer(TreeModel model, IReadOnlyList<float[]> reference)
    {
        _trees = [.. model.Trees.Select(t => ExplainedTree.Counted(t, reference))];
        BaseValue = model.Bias + _trees.Sum(t => t.ExpectedValue());
        LogScale = model.LogLink;
    }

    public double BaseValue { get; }

    public bool LogScale { get; }

    public void Explain(ReadOnlySpan<float> features, Span<double> contributions)
    {
        contributions.Clear();
        foreach (var tree in _trees) TreeShap.Add(tree, features, contributions);
    }
}
