using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Trainers.Neural;

internal sealed class TwoFeatureRow
{
    [VectorType(2)]
    public float[] Features { get; set; } = [];

    public float Label { get; set; }
}

internal sealed class MixedRow
{
    public float A { get; set; }
    public float B { get; set; }
    public string Colour { get; set; } = "";
    public float Label { get; set; }
}

internal static class NeuralTestData
{
    /// <summary>y = sin(x1) + x2² + noise, x uniform on [-2, 2].</summary>
    public static List<TwoFeatureRow> SinSquare(int rows, int seed, double noise = 0.05)
    {
        var rng = new Random(seed);
        var list = new List<TwoFeatureRow>(rows);
        for (int i = 0; i < rows; i++)
        {
            float x1 = (float)(rng.NextDouble() * 4 - 2), x2 = (float)(rng.NextDouble() * 4 - 2);
            double gauss = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            list.Add(new TwoFeatureRow { Features = [x1, x2], Label = (float)(Math.Sin(x1) + x2 * x2 + noise * gauss) });
        }
        return list;
    }

    public static List<MixedRow> Mixed(int rows, int seed)
    {
        var rng = new Random(seed);
        string[] colours = ["red", "green", "blue"];
        var list = new List<MixedRow>(rows);
        for (int i = 0; i < rows; i++)
        {
            float a = (float)(rng.NextDouble() * 100), b = (float)(rng.NextDouble() * 10 - 5);
            int c = rng.Next(3);
            list.Add(new MixedRow { A = a, B = b, Colour = colours[c], Label = 1000 + 5 * a - 20 * b + 300 * c + (float)rng.NextDouble() * 10 });
        }
        return list;
    }

    /// <summary>Small, fast settings so each test trains in about a second on two cores.</summary>
    public static NeuralTrainingOptions FastTraining => new()
    {
        MaxEpochs = 60,
        BatchSize = 64,
        LearningRate = 3e-3,
        EarlyStoppingPatience = 15,
        Threads = 1,
        Seed = 7,
    };

    public static MlpOptions SmallMlp => new() { HiddenLayers = [64, 64], Dropout = 0, Training = FastTraining };

    public static float[] Scores(IDataView scored, string column = "Score") =>
        scored.GetColumn<float>(column).ToArray();

    public static IEstimator<ITransformer> MixedFeaturizer(MLContext ml) =>
        ml.Transforms.Categorical.OneHotEncoding("ColourOneHot", "Colour")
            .Append(ml.Transforms.Concatenate("Features", "A", "B", "ColourOneHot"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
}
