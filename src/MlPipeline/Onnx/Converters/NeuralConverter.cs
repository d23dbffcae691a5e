using MlPipeline.Onnx.Graph;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// A TorchSharp network in eval mode → <c>Gemm</c> per linear layer, its activations, batch norm folded to a scale
/// and shift, layer norm as <c>LayerNormalization</c>, residual blocks as <c>Add</c>, RealMLP's robust scale and smooth
/// clip, PBLD embedding, front scale and parametric activations with elementwise operators, <c>Cos</c> and a batched
/// <c>MatMul</c>, TabM's BatchEnsemble layers as one <c>MatMul</c> on [N, k, d] between the members' scalings, its heads
/// as <c>Mul</c> and <c>ReduceSum</c> and their mean as <c>ReduceMean</c>; dropout is absent in eval mode; the output is brought back to the label's scale (× std + mean, then exp when trained on log(label)).
/// </summary>
internal sealed class NeuralConverter : RegressorConverter<NeuralRegressionTransformer>
{
    protected override string Convert(OnnxConversionContext context, NeuralRegressionTransformer network, (string Name, long Width) features)
    {
        string score;
        if (network.PredictsMean)
        {
            score = context.Graph.AddNode("Mul", [features.Name, context.Graph.AddFloats("zero", Enumerable.Repeat(0f, (int)features.Width), 1, features.Width)]);
            score = context.Graph.AddNode("ReduceSum", [score, context.Graph.AddInt64s("axes", [1], 1)], attributes: OnnxGraphBuilder.Int("keepdims", 1));
        }
        else
        {
            score = network.Layers.Aggregate(features.Name, (value, layer) => Layer(context, value, layer));
            score = context.Graph.AddNode("Mul", [score, context.Graph.AddFloats("label_std", [network.LabelStd], 1, 1)]);
        }
        score = context.Graph.AddNode("Add", [score, context.Graph.AddFloats("label_mean", [network.LabelMean], 1, 1)]);
        return network.LabelIsLogTransformed ? context.Graph.AddNode("Exp", [score]) : score;
    }

    private static string Layer(OnnxConversionContext context, string input, NeuralLayer layer) => layer.Kind switch
    {
        NeuralLayerKind.Linear => Linear(context, input, layer),
        NeuralLayerKind.Activation => Activation(context, input, layer.Activation ?? NeuralActivation.Relu),
        NeuralLayerKind.BatchNorm => BatchNorm(context, input, layer),
        NeuralLayerKind.LayerNorm => context.Graph.AddNode("LayerNormalization",
            [input, context.Graph.AddFloats("gamma", layer.Weight is null ? [] : Flatten(layer.Weight), layer.Weight?.Length ?? 0),
             context.Graph.AddFloats("beta", layer.Bias ?? [], layer.Bias?.Length ?? 0)],
            attributes: [OnnxGraphBuilder.Int("axis", -1), OnnxGraphBuilder.Float("epsilon", (float)layer.Epsilon)]),
        NeuralLayerKind.Residual => context.Graph.AddNode("Add", [input, (layer.Children ?? []).Aggregate(input, (v, child) => Layer(context, v, child))]),
        NeuralLayerKind.RobustScaleClip => RobustClip(context, input, layer),
        NeuralLayerKind.PeriodicEmbedding => Embedding(context, input, layer.Periodic ?? throw new OnnxConversionException("periodic embedding without weights")),
        NeuralLayerKind.Scale => context.Graph.AddNode("Mul", [input, Row(context, "front_scale", layer)]),
        NeuralLayerKind.ParametricActivation => context.Graph.AddNode("Add", [input, context.Graph.AddNode("Mul", [
            context.Graph.AddNode("Sub", [Activation(context, input, layer.Activation ?? NeuralActivation.Relu), input]), Row(context, "act_mix", layer)])]),
        NeuralLayerKind.BatchEnsembleLinear => BatchEnsembleLinear(context, input, layer),
        NeuralLayerKind.EnsembleHead => EnsembleHead(context, input, layer),
        NeuralLayerKind.MemberMean => context.Graph.AddNode("ReduceMean", [input],
            attributes: [OnnxGraphBuilder.Ints("axes", [1]), OnnxGraphBuilder.Int("keepdims", 1)]),
        _ => throw new OnnxConversionException($"no ONNX form for network layer {layer.Kind}"),
    };

    private static string Row(OnnxConversionContext context, string hint, NeuralLayer layer)
    {
        var weight = layer.Weight ?? throw new OnnxConversionException($"{layer.Kind} layer without weights");
        return context.Graph.AddFloats(hint, Flatten(weight), 1, weight.Length);
    }

    private static string RobustClip(OnnxConversionContext context, string input, NeuralLayer layer)
    {
        var center = layer.Center ?? throw new OnnxConversionException("robust scale without medians");
        var g = context.Graph;
        var z = g.AddNode("Mul", [g.AddNode("Sub", [input, g.AddFloats("median", center, 1, center.Length)]), Row(context, "robust_factor", layer)]);
        z = g.AddNode("Clip", [z, g.AddFloats("clip_low", [(float)-Trainers.Neural.RobustScaleClip.Saturation]), g.AddFloats("clip_high", [(float)Trainers.Neural.RobustScaleClip.Saturation])]);
        var shrunk = g.AddNode("Mul", [g.AddNode("Mul", [z, z]), g.AddFloats("inverse_bound_squared", [(float)(1 / (Trainers.Neural.RobustScaleClip.Bound * Trainers.Neural.RobustScaleClip.Bound))], 1)]);
        var root = g.AddNode("Sqrt", [g.AddNode("Add", [shrunk, g.AddFloats("one", [1f], 1)])]);
        return g.AddNode("Div", [z, root]);
    }

    private static string Embedding(OnnxConversionContext context, string input, PeriodicEmbeddingWeights w)
    {
        var g = context.Graph;
        var (n, k, outputs) = (w.Frequencies.GetLength(0), w.Frequencies.GetLength(1), w.Projection.GetLength(2));
        // [N, n] → [N, n, 1] · [n, k] → cos(2π·x·w + b), [N, n, k]
        var column = g.AddNode("Unsqueeze", [input, g.AddInt64s("axes", [2], 1)]);
        var angle = g.AddNode("Mul", [g.AddNode("Mul", [column, g.AddFloats("frequencies", Flatten(w.Frequencies), n, k)]), g.AddFloats("two_pi", [(float)(2 * Math.PI)], 1)]);
        var periodic = g.AddNode("Cos", [g.AddNode("Add", [angle, g.AddFloats("phases", Flatten(w.Phases), n, k)])]);
        // Each feature's own map is a batched MatMul with the feature as the batch axis: [n, N, k] · [n, k, m−1].
        var byFeature = g.AddNode("Transpose", [periodic], attributes: OnnxGraphBuilder.Ints("perm", [1, 0, 2]));
        var mapped = g.AddNode("MatMul", [byFeature, g.AddFloats("projection", [.. w.Projection.Cast<float>()], n, k, outputs)]);
        mapped = g.AddNode("Add", [mapped, g.AddFloats("projection_bias", Flatten(w.Bias), n, 1, outputs)]);
        var byRow = g.AddNode("Transpose", [mapped], attributes: OnnxGraphBuilder.Ints("perm", [1, 0, 2]));
        var flat = g.AddNode("Reshape", [byRow, g.AddInt64s("shape", [-1, (long)n * outputs], 2)]);
        return g.AddNode("Concat", [flat, input], attributes: OnnxGraphBuilder.Int("axis", 1));
    }

    /// <summary>
    /// TabM's k members at once on [N, k, in] (a shared input [N, in] is reshaped to [N, 1, in] and broadcast by the
    /// product with r): x∘r, one MatMul with the shared Wᵀ, ∘s, + b.
    /// </summary>
    private static string BatchEnsembleLinear(OnnxConversionContext context, string input, NeuralLayer layer)
    {
        var g = context.Graph;
        var weight = layer.Weight ?? throw new OnnxConversionException("BatchEnsemble layer without weights");
        var e = layer.Ensemble ?? throw new OnnxConversionException("BatchEnsemble layer without member scales");
        var (outputs, inputs) = (weight.GetLength(0), weight.GetLength(1));
        int members = e.InputScale.GetLength(0);
        var transposed = new float[inputs * outputs];
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < inputs; i++) transposed[i * outputs + o] = weight[o, i];
        var byMember = g.AddNode("Reshape", [input, g.AddInt64s("shape", [0, -1, inputs], 3)]);
        var scaled = g.AddNode("Mul", [byMember, g.AddFloats("ensemble_r", Flatten(e.InputScale), members, inputs)]);
        var mixed = g.AddNode("MatMul", [scaled, g.AddFloats("ensemble_weight_t", transposed, inputs, outputs)]);
        var rescaled = g.AddNode("Mul", [mixed, g.AddFloats("ensemble_s", Flatten(e.OutputScale), members, outputs)]);
        return g.AddNode("Add", [rescaled, g.AddFloats("ensemble_bias", Flatten(e.Bias), members, outputs)]);
    }

    /// <summary>Each member's one-output head on [N, k, in]: x∘w summed over the features, + c; [N, k].</summary>
    private static string EnsembleHead(OnnxConversionContext context, string input, NeuralLayer layer)
    {
        var g = context.Graph;
        var weight = layer.Weight ?? throw new OnnxConversionException("ensemble head without weights");
        var (members, inputs) = (weight.GetLength(0), weight.GetLength(1));
        var products = g.AddNode("Mul", [input, g.AddFloats("head_weight", Flatten(weight), members, inputs)]);
        var sums = g.AddNode("ReduceSum", [products, g.AddInt64s("axes", [2], 1)], attributes: OnnxGraphBuilder.Int("keepdims", 0));
        return g.AddNode("Add", [sums, g.AddFloats("head_bias", layer.Bias ?? new float[members], members)]);
    }

    private static string Linear(OnnxConversionContext context, string input, NeuralLayer layer)
    {
        var weight = layer.Weight ?? throw new OnnxConversionException("linear layer without weights");
        var (outputs, inputs) = (weight.GetLength(0), weight.GetLength(1));
        var w = context.Graph.AddFloats("weight", Flatten(weight), outputs, inputs);
        var b = context.Graph.AddFloats("bias", layer.Bias ?? new float[outputs], outputs);
        return context.Graph.AddNode("Gemm", [input, w, b], attributes: OnnxGraphBuilder.Int("transB", 1));
    }

    private static string BatchNorm(OnnxConversionContext context, string input, NeuralLayer layer)
    {
        // Eval-mode batch norm is affine: y = (x − mean) / sqrt(var + eps) · gamma + beta = x · a + c.
        var mean = layer.RunningMean ?? throw new OnnxConversionException("batch norm without running statistics");
        var variance = layer.RunningVar!;
        var gamma = layer.Weight is null ? Enumerable.Repeat(1f, mean.Length).ToArray() : Flatten(layer.Weight);
        var beta = layer.Bias ?? new float[mean.Length];
        var a = mean.Select((_, i) => (float)(gamma[i] / Math.Sqrt(variance[i] + layer.Epsilon))).ToArray();
        var c = mean.Select((m, i) => beta[i] - m * a[i]).ToArray();
        var scaled = context.Graph.AddNode("Mul", [input, context.Graph.AddFloats("bn_scale", a, 1, a.Length)]);
        return context.Graph.AddNode("Add", [scaled, context.Graph.AddFloats("bn_shift", c, 1, c.Length)]);
    }

    private static string Activation(OnnxConversionContext context, string input, NeuralActivation activation) => activation switch
    {
        NeuralActivation.Relu => context.Graph.AddNode("Relu", [input]),
        NeuralActivation.LeakyRelu => context.Graph.AddNode("LeakyRelu", [input], attributes: OnnxGraphBuilder.Float("alpha", 0.01f)),
        NeuralActivation.Selu => context.Graph.AddNode("Selu", [input]),
        NeuralActivation.Tanh => context.Graph.AddNode("Tanh", [input]),
        NeuralActivation.Sigmoid => context.Graph.AddNode("Sigmoid", [input]),
        NeuralActivation.Softplus => context.Graph.AddNode("Softplus", [input]),
        NeuralActivation.Mish => context.Graph.AddNode("Mul", [input, context.Graph.AddNode("Tanh", [context.Graph.AddNode("Softplus", [input])])]),
        // Exact GELU: x · Φ(x) = 0.5 · x · (1 + erf(x / √2)).
        NeuralActivation.Gelu => context.Graph.AddNode("Mul", [
            context.Graph.AddNode("Mul", [input, context.Graph.AddFloats("half", [0.5f], 1)]),
            context.Graph.AddNode("Add", [context.Graph.AddFloats("one", [1f], 1),
                context.Graph.AddNode("Erf", [context.Graph.AddNode("Div", [input, context.Graph.AddFloats("sqrt2", [MathF.Sqrt(2f)], 1)])])])]),
        _ => throw new OnnxConversionException($"no ONNX form for activation {activation}"),
    };

    private static float[] Flatten(float[,] matrix) => [.. matrix.Cast<float>()];
}
