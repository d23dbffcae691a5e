using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Experiment;

public sealed class LinearCoefficientsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("ridge")]
    [InlineData("ols")]
    public void Should_RecoverTheGeneratingWeightsInRawUnits_When_TheBestLinearModelIsRead(string trainer)
    {
        // The synthetic label is 50 + 3·x1 − 2·x2 + x3² + 4·[city = b] + [flag] + noise: x1 and x2 enter linearly.
        var result = new RegressionExperiment(new MLContext(3)).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("linear.csv", SyntheticData.Csv(800)),
            Label = SyntheticData.Label,
            Trainers = trainer,
            MaxTrials = 1,
            Seed = 3,
        }).Run();

        var linear = Assert.IsType<LinearCoefficients>(result.LinearModel);
        double Weight(string column, string slot) => linear.Columns.Single(c => c.Column == column).Slots.Single(s => s.Slot == slot).Weight;

        Assert.Equal(trainer, linear.Trainer);
        Assert.InRange(Weight("x1", "value"), 2.8, 3.2);
        Assert.InRange(Weight("x2", "value"), -2.2, -1.8);
        Assert.Contains(linear.Columns.Single(c => c.Column == "x2").Slots, s => s.Slot == "missing");
        // Against the reference category "a" (city is one-hot with every category kept), b is 4 higher.
        Assert.InRange(Weight("city", "=b") - Weight("city", "=a"), 3.5, 4.5);
        Assert.Equal(["city", "flag", "x1", "x2", "x3"], linear.Columns.Select(c => c.Column).Order().ToArray());
    }

    [Fact]
    public void Should_ReproduceTheScoreInRawUnits_When_TheNumericColumnsWereCentredByTheStandardScaler()
    {
        // Given: ridge on numbers far from zero (years), through the standard scaler's centring and scaling
        var random = new Random(5);
        var text = new StringBuilder("built,sold,area,price\n");
        var rows = Enumerable.Range(0, 300).Select(_ => (Built: random.Next(1900, 2011), Sold: random.Next(2006, 2011), Area: 500 + 2500 * random.NextDouble())).ToList();
        foreach (var (built, sold, area) in rows)
        {
            var price = 100_000 + 800 * (built - 1950) + 3000 * (sold - 2008) + 60 * area + 5000 * random.NextDouble();
            text.Append(CultureInfo.InvariantCulture, $"{built},{sold},{area:R},{price:R}\n");
        }
        var ml = new MLContext(1);
        var path = _dir.Write("years.csv", text.ToString());
        var schema = new SchemaInferrer().Infer(path, "price");
        var data = ml.Data.Cache(CsvDataLoader.Load(path, schema, LoadMode.Training));
        var plan = PreprocessingPlanner.Plan(schema, data, new PreprocessingOptions { Scaler = ScalerKind.Standard });
        var ridge = TrainerRegistry.Default.Get("ridge");
        var pipeline = PreprocessingChainBuilder.Build(ml, plan)
            .Append(ridge.CreateEstimator(ml, new TrainerInput("price", ColumnNames.Features, 1, rows.Count), ridge.Defaults)).Fit(data);

        // When
        var linear = Assert.IsType<LinearCoefficients>(LinearCoefficientReader.Read(pipeline, plan, schema, "ridge", 0));

        // Then: intercept + Σ weight × raw value is the pipeline's score, and the weights are the generating ones
        double Weight(string column) => linear.Columns.Single(c => c.Column == column).Slots.Single().Weight;
        var scores = pipeline.Transform(data).GetColumn<float>(ColumnNames.Score).ToArray();
        for (var i = 0; i < rows.Count; i += 37)
        {
            var raw = linear.Intercept + Weight("built") * rows[i].Built + Weight("sold") * rows[i].Sold + Weight("area") * (float)rows[i].Area;
            Assert.True(Math.Abs(raw - scores[i]) <= 1e-4 * Math.Abs(scores[i]), $"row {i}: {raw} from the coefficients, {scores[i]} scored");
        }
        Assert.InRange(Weight("built"), 780, 820);
        Assert.InRange(Weight("area"), 58, 62);
    }
}
