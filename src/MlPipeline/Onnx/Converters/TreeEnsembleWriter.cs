using MlPipeline.Onnx.Graph;
using MlPipeline.Trainers.Classic;
using Onnx;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// Writes regression trees as one <c>ai.onnx.ml TreeEnsembleRegressor</c> node over double input, with its thresholds,
/// leaf values and bias as double tensors (<c>nodes_values_as_tensor</c>, …, opset 3), so ONNX Runtime sums the trees
/// in double as ML.NET does. ML.NET's test is "slot ≤ t, NaN right", on float thresholds, which are exact in double.
/// When every slot of the features is known in terms of a width-1 value (<see cref="SlotOrigin"/>), the trees split on
/// those values instead: the scaling, the NaN replacement, the missing flags and the one-hot slots are folded into the
/// tests (<see cref="TreeSplitFolding"/>), and the nodes computing them are left for the graph to drop.
/// </summary>
internal static class TreeEnsembleWriter
{
    /// <summary>Sum of the trees' outputs plus <paramref name="bias"/>, as a float [N,1] value.</summary>
    public static string Write(OnnxConversionContext context, (string Name, long Width) features, IReadOnlyList<DecisionTree> trees, double bias)
    {
        if (trees.Count == 0) return context.Graph.AddNode("Add", [ZeroColumn(context, features.Name), context.Graph.AddFloats("bias", [(float)bias], 1, 1)]);
        var origins = context.Origins(features.Name, features.Width);
        var folded = origins.All(o => o is not null);
        string input;
        Func<int, float, (long Feature, TreeSplit Split)> split;
        if (folded)
        {
            origins = SharedCategoryCodes.Apply(context, origins);
            var sources = origins.GroupBy(o => o!.Source, StringComparer.Ordinal).Select(g => (Name: g.Key, Width: g.Max(o => o!.SourceSlot) + 1)).ToList();
            var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
            long offset = 0;
            foreach (var (name, width) in sources) { offsets[name] = offset; offset += width; }
            input = sources.Count == 1 ? sources[0].Name : context.Graph.AddNode("Concat", [.. sources.Select(s => s.Name)], attributes: OnnxGraphBuilder.Int("axis", 1));
            var folding = origins;
            split = (feature, threshold) => (offsets[folding[feature]!.Source] + folding[feature]!.SourceSlot, TreeSplitFolding.Fold(folding[feature]!, threshold));
        }
        else
        {
            input = features.Name;
            split = (feature, threshold) => (feature, new TreeSplit("BRANCH_LEQ", threshold, false));
        }
        return Ensemble(context, context.Cast(input, TensorProto.Types.DataType.Double), trees, bias, split);
    }

    private static string Ensemble(OnnxConversionContext context, string features, IReadOnlyList<DecisionTree> trees, double bias,
        Func<int, float, (long Feature, TreeSplit Split)> split)
    {
        var treeIds = new List<long>(); var nodeIds = new List<long>(); var featureIds = new List<long>(); var values = new List<double>();
        var modes = new List<string>(); var trueIds = new List<long>(); var falseIds = new List<long>(); var missing = new List<long>();
        var targetTree = new List<long>(); var targetNode = new List<long>(); var targetWeights = new List<double>();
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var internalNodes = tree.Features.Length;
            long Id(int child) => child < 0 ? internalNodes + ~child : child;
            for (var n = 0; n < internalNodes; n++)
            {
                var (feature, test) = split(tree.Features[n], tree.Thresholds[n]);
                treeIds.Add(t); nodeIds.Add(n); featureIds.Add(feature); values.Add(test.Threshold);
                modes.Add(test.Mode); trueIds.Add(Id(tree.Left[n])); falseIds.Add(Id(tree.Right[n])); missing.Add(test.MissingTracksTrue ? 1 : 0);
            }
            for (var leaf = 0; leaf < tree.Leaves.Length; leaf++)
            {
                treeIds.Add(t); nodeIds.Add(internalNodes + leaf); featureIds.Add(0); values.Add(0);
                modes.Add("LEAF"); trueIds.Add(0); falseIds.Add(0); missing.Add(0);
                targetTree.Add(t); targetNode.Add(internalNodes + leaf); targetWeights.Add(tree.Leaves[leaf]);
            }
        }
        return context.Graph.AddNode("TreeEnsembleRegressor", [features], domain: OnnxGraphBuilder.MlDomain, attributes:
        [
            OnnxGraphBuilder.Ints("nodes_treeids", treeIds), OnnxGraphBuilder.Ints("nodes_nodeids", nodeIds),
            OnnxGraphBuilder.Ints("nodes_featureids", featureIds), OnnxGraphBuilder.Doubles("nodes_values_as_tensor", values),
            OnnxGraphBuilder.Strings("nodes_modes", modes), OnnxGraphBuilder.Ints("nodes_truenodeids", trueIds),
            OnnxGraphBuilder.Ints("nodes_falsenodeids", falseIds), OnnxGraphBuilder.Ints("nodes_missing_value_tracks_true", missing),
            OnnxGraphBuilder.Ints("target_treeids", targetTree), OnnxGraphBuilder.Ints("target_nodeids", targetNode),
            OnnxGraphBuilder.Ints("target_ids", targetTree.Select(_ => 0L)), OnnxGraphBuilder.Doubles("target_weights_as_tensor", targetWeights),
            OnnxGraphBuilder.Int("n_targets", 1), OnnxGraphBuilder.String("aggregate_function", "SUM"),
            OnnxGraphBuilder.Doubles("base_values_as_tensor", [bias]), OnnxGraphBuilder.String("post_transform", "NONE"),
        ]);
    }

    private static string ZeroColumn(OnnxConversionContext context, string features)
    {
        var first = context.Graph.AddNode("Slice", [features, context.Graph.AddInt64s("start", [0], 1), context.Graph.AddInt64s("end", [1], 1), context.Graph.AddInt64s("axis", [1], 1)]);
        return context.Graph.AddNode("Mul", [first, context.Graph.AddFloats("zero", [0f], 1, 1)]);
    }
}
