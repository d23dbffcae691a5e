using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Benchmarks.Neural;

/// <summary>Default MLP (and a FastTree reference) on the Ames split with a minimal featurisation.</summary>
internal static class AmesEvaluation
{
    private const string Label = "Sale_Price";

    public static void Run(string trainPath, string testPath)
    {
        var ml = new MLContext(seed: 1);
        var header = File.ReadLines(trainPath).First().Split(',');
        var sample = File.ReadLines(trainPath).Skip(1).Take(200).Select(l => l.Split(',')).ToList();
        var categorical = header.Where((name, i) => sample.Any(r => !float.TryParse(r[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _))).ToArray();
        var columns = header.Select((h, i) => new TextLoader.Column(h, categorical.Contains(h) ? DataKind.String : DataKind.Single, i)).ToArray();
        var loader = ml.Data.CreateTextLoader(columns, separatorChar: ',', hasHeader: true, allowQuoting: true);
        var train = loader.Load(trainPath);
        var test = loader.Load(testPath);
        var numeric = header.Where(h => h != Label && !categorical.Contains(h)).ToArray();

        var featurizer = ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c + "_oh", c)).ToArray())
            .Append(ml.Transforms.ReplaceMissingValues(numeric.Select(c => new InputOutputColumnPair(c)).ToArray()))
            .Append(ml.Transforms.Concatenate("Features", numeric.Concat(categorical.Select(c => c + "_oh")).ToArray()))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));

        Console.WriteLine($"Ames: {numeric.Length} numeric, {categorical.Length} categorical columns");
        Report(ml, "MLP (defaults)", featurizer.Append(ml.Regression.Trainers.Mlp(new MlpOptions { Training = new NeuralTrainingOptions { LabelColumnName = Label } })), train, test);
        var t = new NeuralTrainingOptions { LabelColumnName = Label };
        Report(ml, "MLP batch 128", featurizer.Append(ml.Regression.Trainers.Mlp(new MlpOptions { Training = t with { BatchSize = 128 } })), train, test);
        Report(ml, "MLP log label", featurizer.Append(ml.Regression.Trainers.Mlp(new MlpOptions { Training = t with { LogTransformSkewedLabel = true } })), train, test);
        Report(ml, "ResNet (defaults)", featurizer.Append(ml.Regression.Trainers.ResNet(new ResNetOptions { Training = new NeuralTrainingOptions { LabelColumnName = Label } })), train, test);
        Report(ml, "FastTree (defaults)", featurizer.Append(ml.Regression.Trainers.FastTree(labelColumnName: Label)), train, test);
    }

    private static void Report(MLContext ml, string name, IEstimator<ITransformer> pipeline, IDataView train, IDataView test)
    {
        var sw = Stopwatch.StartNew();
        var model = pipeline.Fit(train);
        double seconds = sw.Elapsed.TotalSeconds;
        var m = ml.Regression.Evaluate(model.Transform(test), labelColumnName: Label);
        string curve = "";
        if (model is IEnumerable<ITransformer> chain && chain.Last() is NeuralRegressionTransformer n)
            curve = $"  epochs {n.Curve.Epochs.Count}, best {n.Curve.BestEpoch}, {n.Curve.StopReason}, {n.Diagnosis}";
        var labels = model.Transform(test).GetColumn<float>(Label).ToArray();
        var scores = model.Transform(test).GetColumn<float>(ColumnNames.Score).ToArray();
        var worst = labels.Zip(scores).OrderByDescending(p => Math.Abs(p.First - p.Second)).Take(4).Select(p => $"{p.First:N0}->{p.Second:N0}");
        Console.WriteLine("    worst: " + string.Join("; ", worst));
        Console.WriteLine($"  {name,-20} R² {m.RSquared:F4}  RMSE {m.RootMeanSquaredError,9:N0}  MAE {m.MeanAbsoluteError,9:N0}  fit {seconds:F1} s{curve}");
    }
}
