using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>Turns a torch network into <see cref="NeuralLayer"/> records.</summary>
internal static class NetworkInspector
{
    public static IReadOnlyList<NeuralLayer> Describe(Sequential net, NeuralActivation activation)
    {
        var layers = new List<NeuralLayer>();
        foreach (var (_, m) in net.named_children()) Add(layers, m, activation);
        return layers;
    }

    private static void Add(List<NeuralLayer> layers, nn.Module m, NeuralActivation activation)
    {
        switch (m)
        {
            case Linear lin:
                layers.Add(new NeuralLayer(NeuralLayerKind.Linear, Matrix(lin.weight!), lin.bias is { } b ? Vector(b) : null));
                break;
            case BatchNorm1d bn:
                layers.Add(new NeuralLayer(NeuralLayerKind.BatchNorm, Row(bn.weight!), Vector(bn.bias!), null,
                    Vector(bn.running_mean!), Vector(bn.running_var!), bn.eps));
                break;
            case LayerNorm ln:
                layers.Add(new NeuralLayer(NeuralLayerKind.LayerNorm, Row(ln.weight!), Vector(ln.bias!), null, null, null, ln.eps));
                break;
            case ResNetBlock block:
                var children = new List<NeuralLayer>();
                Add(children, block.Norm, activation);
                Add(children, block.Linear1, activation);
                children.Add(new NeuralLayer(NeuralLayerKind.Activation, Activation: activation));
                Add(children, block.Linear2, activation);
                layers.Add(new NeuralLayer(NeuralLayerKind.Residual, Children: children));
                break;
            case RobustScaleClip clip:
                layers.Add(new NeuralLayer(NeuralLayerKind.RobustScaleClip, Row(clip.Factor), Center: clip.Center));
                break;
            case PeriodicEmbedding e:
                layers.Add(new NeuralLayer(NeuralLayerKind.PeriodicEmbedding, Periodic: new PeriodicEmbeddingWeights(
                    Matrix(e.Frequencies), Matrix(e.Phases), Cube(e.Projection), Matrix(e.Bias))));
                break;
            case FeatureScale scale:
                layers.Add(new NeuralLayer(NeuralLayerKind.Scale, Row(Vector(scale.Scale))));
                break;
            case ParametricActivation p:
                layers.Add(new NeuralLayer(NeuralLayerKind.ParametricActivation, Row(Vector(p.Mix)), Activation: activation));
                break;
            case BatchEnsembleLinear be:
                layers.Add(new NeuralLayer(NeuralLayerKind.BatchEnsembleLinear, Matrix(be.Weight),
                    Ensemble: new BatchEnsembleWeights(Matrix(be.InputScale), Matrix(be.OutputScale), Matrix(be.Bias))));
                break;
            case EnsembleHead head:
                layers.Add(new NeuralLayer(NeuralLayerKind.EnsembleHead, Matrix(head.Weight), Vector(head.Bias)));
                break;
            case MemberMean:
                layers.Add(new NeuralLayer(NeuralLayerKind.MemberMean));
                break;
            case Dropout or SeededDropout or Identity:
                break;
            default:
                layers.Add(new NeuralLayer(NeuralLayerKind.Activation, Activation: activation));
                break;
        }
    }

    private static float[] Vector(Tensor t) => t.detach().cpu().data<float>().ToArray();

    private static float[,] Row(Tensor t) => Row(Vector(t));

    private static float[,] Row(float[] v)
    {
        var m = new float[1, v.Length];
        for (int i = 0; i < v.Length; i++) m[0, i] = v[i];
        return m;
    }

    private static float[,,] Cube(Tensor t)
    {
        var flat = Vector(t);
        var m = new float[t.shape[0], t.shape[1], t.shape[2]];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(float));
        return m;
    }

    private static float[,] Matrix(Tensor t)
    {
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var flat = Vector(t);
        var m = new float[rows, cols];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(float));
        return m;
    }
}
