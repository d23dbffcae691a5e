using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Onnx;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using Onnx;

namespace MlPipeline.Tests.Onnx;

/// <summary>
/// Every tree family exports as one TreeEnsembleRegressor computing in double on the raw inputs (scaling, imputation,
/// missing flags and one-hot folded into its tests) and scores as ML.NET does, on held-out and hard rows.
/// </summary>
public sealed class TreeEnsembleNodeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> Cases() => new()
    {
        { "fasttree", "MeanVariance" }, { "fasttree", "MinMax" }, { "fasttree", "Robust" }, { "fasttree", "None" },
        { "fasttree-tweedie", "MeanVariance" }, { "fastforest", "MinMax" }, { "lightgbm", "MeanVariance" }, { "gam", "Robust" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Export_IsOneDoubleTreeNodeOnTheRawInputs_And_EqualsMlNet(string trainer, string scaler)
    {
        // Given: a fitted tree pipeline over numbers with NaNs, a category and a boolean
        var (ml, chain, schema, plan, _) = ExportedModels.Fit(_dir, trainer, Enum.Parse<ScalerKind>(scaler));
        var heldOut = CsvDataLoader.Load(_dir.Write("test.csv", SyntheticData.Csv(300, seed: 5)), schema, LoadMode.Training);
        var hard = CsvDataLoader.Load(_dir.Write("hard.csv", "x1,x2,x3,city,flag\n0.5,,1,zzz,yes\n-1e6,3,NaN,,no\n1e6,-1e6,0,b,\n0,0,0,a,yes\n,,,,\n"), schema, LoadMode.Scoring);

        // When
        var model = OnnxExporter.Convert(ml, chain, schema, plan, new Dictionary<string, string>());
        var path = _dir.File($"{trainer}.onnx");
        File.WriteAllBytes(path, model.ToByteArray());

        // Then: one ensemble node, thresholds and leaves in double, fed by the raw inputs, not the scaled features
        var trees = Assert.Single(model.Graph.Node, n => n.OpType == "TreeEnsembleRegressor");
        Assert.Contains(trees.Attribute, a => a.Name == "nodes_values_as_tensor" && a.T.DataType == (int)TensorProto.Types.DataType.Double);
        Assert.Contains(trees.Attribute, a => a.Name == "target_weights_as_tensor" && a.T.DataType == (int)TensorProto.Types.DataType.Double);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType is "Mul" or "Sub" or "Where" or "Equal");
        using var scorer = new OnnxScorer(path);
        foreach (var rows in new[] { heldOut, hard })
        {
            var expected = chain.Transform(rows).GetColumn<float>(ColumnNames.Score).ToArray();
            var actual = scorer.Score(rows);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 * Math.Abs(expected[i]), $"{trainer}/{scaler} row {i}: ML.NET {expected[i]:R}, ONNX {actual[i]:R}");
            }
        }
    }

    [Theory]
    [InlineData("fasttree", 1e-6)]
    [InlineData("lightgbm", 1e-6)]
    [InlineData("sdca", 1e-5)] // the one-hot values are exact; the float dot product is summed in another order
    public void Export_SharesOneCategoryEncoder_When_ColumnsShareCategories_And_EqualsMlNet(string trainer, double tolerance)
    {
        // Given: two categorical columns whose categories overlap in other slot orders, and a label that needs both
        var random = new Random(4);
        var text = new System.Text.StringBuilder("x,first,second,y\n");
        string[] firsts = ["a", "b", "c"], seconds = ["d", "c", "b"];
        for (var i = 0; i < 400; i++)
        {
            var (first, second, x) = (firsts[random.Next(3)], seconds[random.Next(3)], random.NextDouble() * 10);
            var y = x + (first == "b" ? 5 : 0) + (second == "b" ? -3 : second == "c" ? 2 : 0) + random.NextDouble();
            text.Append(System.FormattableString.Invariant($"{(i % 13 == 0 ? "" : x.ToString("R", System.Globalization.CultureInfo.InvariantCulture))},{first},{second},{y:R}\n"));
        }
        var ml = new MLContext(seed: 1);
        var trainPath = _dir.Write($"shared-{trainer}.csv", text.ToString());
        var schema = new SchemaInferrer().Infer(trainPath, "y");
        var train = ml.Data.Cache(CsvDataLoader.Load(trainPath, schema, LoadMode.Training));
        var plan = PreprocessingPlanner.Plan(schema, train, new PreprocessingOptions());
        var candidate = MlPipeline.Trainers.TrainerRegistry.Default.Get(trainer);
        var chain = PreprocessingChainBuilder.Build(ml, plan)
            .Append(candidate.CreateEstimator(ml, new MlPipeline.Trainers.TrainerInput("y", ColumnNames.Features, 1, 400), candidate.Defaults)).Fit(train);
        // A category seen only in the other column, unseen ones, padded and missing cells
        var hard = CsvDataLoader.Load(_dir.Write($"shared-hard-{trainer}.csv",
            "x,first,second\n1,d,a\n2,b,b\n3, c ,c\n4,zzz,\n,,d\n5,a,d\n6,b,c\n"), schema, LoadMode.Scoring);

        // When
        var model = OnnxExporter.Convert(ml, chain, schema, plan, new Dictionary<string, string>());
        var path = _dir.File($"shared-{trainer}.onnx");
        File.WriteAllBytes(path, model.ToByteArray());

        // Then: one string encoder for both columns (trees test its codes, a linear model their one-hot), and ML.NET's scores on every row
        Assert.Single(model.Graph.Node, n => n.OpType == "LabelEncoder");
        using var scorer = new OnnxScorer(path);
        foreach (var rows in new[] { train, hard })
        {
            var expected = chain.Transform(rows).GetColumn<float>(ColumnNames.Score).ToArray();
            var actual = scorer.Score(rows);
            Assert.True(expected.Distinct().Count() > 3, "the scores depend on the categories");
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Abs(expected[i]), $"{trainer} row {i}: ML.NET {expected[i]:R}, ONNX {actual[i]:R}");
            }
        }
    }
}
