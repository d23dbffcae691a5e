using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Trainers.Neural;

/// <summary>Plain C# forward pass over <see cref="NeuralLayer"/> records, as an exporter would read them.</summary>
internal static class LayerViewForward
{
    public static float[] Run(IReadOnlyList<NeuralLayer> layers, float[] input)
    {
        var x = input.Select(v => (double)v).ToArray();
        foreach (var layer in layers) x = Apply(layer, x);
        return x.Select(v => (float)v).ToArray();
    }

    private static double[] Apply(NeuralLayer l, double[] x) => l.Kind switch
    {
        NeuralLayerKind.Linear => Enumerable.Range(0, l.Weight!.GetLength(0))
            .Select(o => Enumerable.Range(0, x.Length).Sum(i => l.Weight[o, i] * x[i]) + (l.Bias?[o] ?? 0)).ToArray(),
        NeuralLayerKind.Activation => x.Select(v => Activate(l.Activation!.Value, v)).ToArray(),
        NeuralLayerKind.BatchNorm => x.Select((v, i) => (v - l.RunningMean![i]) / Math.Sqrt(l.RunningVar![i] + l.Epsilon) * l.Weight![0, i] + l.Bias![i]).ToArray(),
        NeuralLayerKind.LayerNorm => LayerNorm(l, x),
        NeuralLayerKind.Residual => Residual(l, x),
        NeuralLayerKind.RobustScaleClip => x.Select((v, i) => SmoothClip((v - l.Center![i]) * l.Weight![0, i])).ToArray(),
        NeuralLayerKind.PeriodicEmbedding => Periodic(l.Periodic!, x),
        NeuralLayerKind.Scale => x.Select((v, i) => v * l.Weight![0, i]).ToArray(),
        NeuralLayerKind.ParametricActivation => x.Select((v, i) => v + l.Weight![0, i] * (Activate(l.Activation!.Value, v) - v)).ToArray(),
        NeuralLayerKind.BatchEnsembleLinear => BatchEnsemble(l, x),
        NeuralLayerKind.EnsembleHead => Enumerable.Range(0, l.Weight!.GetLength(0))
            .Select(m => Enumerable.Range(0, l.Weight.GetLength(1)).Sum(i => l.Weight[m, i] * x[m * l.Weight.GetLength(1) + i]) + l.Bias![m]).ToArray(),
        NeuralLayerKind.MemberMean => [x.Average()],
        _ => throw new ArgumentOutOfRangeException(nameof(l)),
    };

    /// <summary>Members one after another in <paramref name="x"/> (k·in values), or one input of in values all members share.</summary>
    private static double[] BatchEnsemble(NeuralLayer l, double[] x)
    {
        var e = l.Ensemble!;
        int k = e.InputScale.GetLength(0), outputs = l.Weight!.GetLength(0), inputs = l.Weight.GetLength(1);
        bool shared = x.Length == inputs;
        var y = new double[k * outputs];
        for (int m = 0; m < k; m++)
            for (int o = 0; o < outputs; o++)
            {
                double sum = 0;
                for (int i = 0; i < inputs; i++) sum += x[(shared ? 0 : m * inputs) + i] * e.InputScale[m, i] * l.Weight[o, i];
                y[m * outputs + o] = sum * e.OutputScale[m, o] + e.Bias[m, o];
            }
        return y;
    }

    private static double SmoothClip(double z) => z / Math.Sqrt(1 + z * z / 9);

    private static double[] Periodic(PeriodicEmbeddingWeights w, double[] x)
    {
        int n = x.Length, k = w.Frequencies.GetLength(1), m = w.Projection.GetLength(2);
        var output = new double[n * m + n];
        for (int j = 0; j < n; j++)
        {
            var h = Enumerable.Range(0, k).Select(f => Math.Cos(2 * Math.PI * x[j] * w.Frequencies[j, f] + w.Phases[j, f])).ToArray();
            for (int o = 0; o < m; o++) output[j * m + o] = w.Bias[j, o] + Enumerable.Range(0, k).Sum(f => h[f] * w.Projection[j, f, o]);
        }
        Array.Copy(x, 0, output, n * m, n);
        return output;
    }

    private static double[] LayerNorm(NeuralLayer l, double[] x)
    {
        double mean = x.Average(), var = x.Average(v => (v - mean) * (v - mean));
        return x.Select((v, i) => (v - mean) / Math.Sqrt(var + l.Epsilon) * l.Weight![0, i] + l.Bias![i]).ToArray();
    }

    private static double[] Residual(NeuralLayer l, double[] x)
    {
        var h = x;
        foreach (var child in l.Children!) h = Apply(child, h);
        return x.Select((v, i) => v + h[i]).ToArray();
    }

    private static double Activate(NeuralActivation a, double v) => a switch
    {
        NeuralActivation.Relu => Math.Max(0, v),
        NeuralActivation.Tanh => Math.Tanh(v),
        NeuralActivation.Sigmoid => 1 / (1 + Math.Exp(-v)),
        NeuralActivation.Mish => v * Math.Tanh(Math.Log(1 + Math.Exp(v))),
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };
}
