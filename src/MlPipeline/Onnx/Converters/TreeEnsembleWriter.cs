using MlPipeline.Onnx.Graph;
using MlPipeline.Trainers.Classic;
using Onnx;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// Writes regression trees as <c>ai.onnx.ml TreeEnsembleRegressor</c> nodes with <c>BRANCH_LEQ</c> on ML.NET's own
/// float thresholds (x ≤ t goes left); leaves are numbered after the internal nodes; NaN goes right, as in ML.NET.
/// Large ensembles are split into chunks whose sums are added in double, as ML.NET sums trees in double.
/// </summary>
internal static class TreeEnsembleWriter
{
    private const int TreesPerNode = 100;

    /// <summary>Sum of the trees' outputs plus <paramref name="bias"/>, as a float [N,1] value.</summary>
    public static string Write(OnnxConversionContext context, string features, IReadOnlyList<DecisionTree> trees, double bias)
    {
        if (trees.Count == 0) return context.Graph.AddNode("Add", [ZeroColumn(context, features), context.Graph.AddFloats("bias", [(float)bias], 1, 1)]);
        string? sum = null;
        for (var start = 0; start < trees.Count; start += TreesPerNode)
        {
            var chunk = trees.Skip(start).Take(TreesPerNode).ToList();
            var part = Ensemble(context, features, chunk, start == 0 ? bias : 0);
            var asDouble = context.Cast(part, TensorProto.Types.DataType.Double);
            sum = sum is null ? asDouble : context.Graph.AddNode("Add", [sum, asDouble]);
        }
        return context.Cast(sum!, TensorProto.Types.DataType.Float);
    }

    private static string Ensemble(OnnxConversionContext context, string features, IReadOnlyList<DecisionTree> trees, double bias)
    {
        var treeIds = new List<long>(); var nodeIds = new List<long>(); var featureIds = new List<long>(); var values = new List<float>();
        var modes = new List<string>(); var trueIds = new List<long>(); var falseIds = new List<long>(); var missing = new List<long>();
        var targetTree = new List<long>(); var targetNode = new List<long>(); var targetWeights = new List<float>();
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var internalNodes = tree.Features.Length;
            long Id(int child) => child < 0 ? internalNodes + ~child : child;
            for (var n = 0; n < internalNodes; n++)
            {
                treeIds.Add(t); nodeIds.Add(n); featureIds.Add(tree.Features[n]); values.Add(tree.Thresholds[n]);
                modes.Add("BRANCH_LEQ"); trueIds.Add(Id(tree.Left[n])); falseIds.Add(Id(tree.Right[n])); missing.Add(0);
            }
            for (var leaf = 0; leaf < tree.Leaves.Length; leaf++)
            {
                treeIds.Add(t); nodeIds.Add(internalNodes + leaf); featureIds.Add(0); values.Add(0);
                modes.Add("LEAF"); trueIds.Add(0); falseIds.Add(0); missing.Add(0);
                targetTree.Add(t); targetNode.Add(internalNodes + leaf); targetWeights.Add((float)tree.Leaves[leaf]);
            }
        }
        return context.Graph.AddNode("TreeEnsembleRegressor", [features], domain: OnnxGraphBuilder.MlDomain, attributes:
        [
            OnnxGraphBuilder.Ints("nodes_treeids", treeIds), OnnxGraphBuilder.Ints("nodes_nodeids", nodeIds),
            OnnxGraphBuilder.Ints("nodes_featureids", featureIds), OnnxGraphBuilder.Floats("nodes_values", values),
            OnnxGraphBuilder.Strings("nodes_modes", modes), OnnxGraphBuilder.Ints("nodes_truenodeids", trueIds),
            OnnxGraphBuilder.Ints("nodes_falsenodeids", falseIds), OnnxGraphBuilder.Ints("nodes_missing_value_tracks_true", missing),
            OnnxGraphBuilder.Ints("target_treeids", targetTree), OnnxGraphBuilder.Ints("target_nodeids", targetNode),
            OnnxGraphBuilder.Ints("target_ids", targetTree.Select(_ => 0L)), OnnxGraphBuilder.Floats("target_weights", targetWeights),
            OnnxGraphBuilder.Int("n_targets", 1), OnnxGraphBuilder.String("aggregate_function", "SUM"),
            OnnxGraphBuilder.Floats("base_values", [(float)bias]), OnnxGraphBuilder.String("post_transform", "NONE"),
        ]);
    }

    private static string ZeroColumn(OnnxConversionContext context, string features)
    {
        var first = context.Graph.AddNode("Slice", [features, context.Graph.AddInt64s("start", [0], 1), context.Graph.AddInt64s("end", [1], 1), context.Graph.AddInt64s("axis", [1], 1)]);
        return context.Graph.AddNode("Mul", [first, context.Graph.AddFloats("zero", [0f], 1, 1)]);
    }
}
