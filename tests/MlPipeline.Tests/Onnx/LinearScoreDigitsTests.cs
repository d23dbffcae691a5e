using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Onnx;

/// <summary>
/// The closed-form linear models' ONNX score equals ML.NET's to the float32 digits a consumer compares (1e-6 relative)
/// on features far from zero, the years and year-like columns of house-price data.
/// </summary>
public sealed class LinearScoreDigitsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Csv(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("built,sold,area,city,price\n");
        for (var i = 0; i < rows; i++)
        {
            var built = random.Next(1900, 2011);
            var sold = random.Next(2006, 2011);
            var area = 500 + 2500 * random.NextDouble();
            var city = "abc"[random.Next(3)];
            var price = 100_000 + 800 * (built - 1950) + 3000 * (sold - 2008) + 60 * area + 5000 * (city - 'a') + 5000 * (random.NextDouble() - 0.5);
            text.Append(CultureInfo.InvariantCulture, $"{built},{sold},{area:F1},{city},{price:F0}\n");
        }
        return text.ToString();
    }

    [Theory]
    [InlineData("ridge")]
    [InlineData("ols")]
    public void Onnx_Score_Should_EqualMlNets_To_A_Millionth_When_Features_Sit_Far_From_Zero(string trainer)
    {
        // Given: the trainer fitted the way the sweep fits it, on its always-standardised features
        var ml = new MLContext(seed: 1);
        var trainPath = _dir.Write("train.csv", Csv(400, seed: 1));
        var schema = new SchemaInferrer().Infer(trainPath, "price");
        var train = ml.Data.Cache(CsvDataLoader.Load(trainPath, schema, LoadMode.Training));
        var candidate = TrainerRegistry.Default.Get(trainer);
        Assert.Equal(ScalerChoices.Standardized, PreprocessingSearch.ScalersFor(candidate));
        var plan = PreprocessingPlanner.Plan(schema, train, new PreprocessingOptions { Scaler = ScalerKind.Standard });
        var input = new TrainerInput("price", ColumnNames.Features, 1, 400);
        var chain = PreprocessingChainBuilder.Build(ml, plan).Append(candidate.CreateEstimator(ml, input, candidate.Defaults)).Fit(train);
        var heldOut = CsvDataLoader.Load(_dir.Write("test.csv", Csv(300, seed: 2)), schema, LoadMode.Training);

        // When
        var report = OnnxExporter.Export(ml, chain, schema, plan, _dir.File("model.onnx"), heldOut, new Dictionary<string, string>());
        using var scorer = new OnnxScorer(report.Path);
        var expected = chain.Transform(heldOut).GetColumn<float>(ColumnNames.Score).ToArray();
        var actual = scorer.Score(heldOut);

        // Then
        var worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1, Math.Abs(p.First)));
        Assert.True(worst <= 1e-6, $"{trainer}: worst relative difference {worst:E2}");
    }
}
