using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Preprocessing;

public sealed class PreprocessingChainBuilderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _dir.Dispose();

    private (DataSchema Schema, IDataView View) Load(string name, string csv)
    {
        var path = _dir.Write(name, csv);
        var schema = new SchemaInferrer().Infer(path, "y");
        return (schema, new CsvDataView(path, schema, LoadMode.Training));
    }

    [Fact]
    public void Should_Impute_The_Training_Mean_And_Add_A_Missing_Indicator()
    {
        // Given: x = 1, 2, 3, …, 24 with row 0 missing → mean of the present values
        var (schema, view) = Load("i.csv", "x,y\nNA,0\n" + string.Join("\n", Enumerable.Range(1, 24).Select(i => $"{i},{i}")) + "\n");
        var plan = PreprocessingPlanner.Plan(schema, view, new PreprocessingOptions { Scaler = ScalerKind.None });

        // When
        var features = PreprocessingChainBuilder.Build(_ml, plan).Fit(view).Transform(view)
            .GetColumn<float[]>(ColumnNames.Features).ToArray();

        // Then: [x imputed, missing flag]
        Assert.Equal(["x"], plan.ColumnsWithMissing.ToArray());
        Assert.Equal([12.5f, 1f], features[0]);
        Assert.Equal([1f, 0f], features[1]);
    }

    [Fact]
    public void Should_Encode_Unseen_Categories_As_All_Zeros_And_Keep_The_Top_K()
    {
        // Given: categories a (most frequent), b, c, and d only once; k = 2
        var rows = Enumerable.Range(0, 30).Select(i => $"{(i < 15 ? "a" : i < 25 ? "b" : i < 29 ? "c" : "d")},{i}");
        var (schema, train) = Load("c.csv", "c,y\n" + string.Join("\n", rows) + "\n");
        var plan = PreprocessingPlanner.Plan(schema, train, new PreprocessingOptions { Scaler = ScalerKind.None, MaxCategories = 2 });
        var model = PreprocessingChainBuilder.Build(_ml, plan).Fit(train);
        var scorePath = _dir.Write("s.csv", "c\na\nb\nc\nzzz\n\n");

        // When
        var features = model.Transform(new CsvDataView(scorePath, schema, LoadMode.Scoring))
            .GetColumn<float[]>(ColumnNames.Features).ToArray();

        // Then
        Assert.Equal(["a", "b"], plan.Categoricals.Single().Categories.ToArray());
        Assert.True(plan.Categoricals.Single().HasOtherBucket);
        Assert.Equal([1f, 0f], features[0]);
        Assert.Equal([0f, 1f], features[1]);
        Assert.Equal([0f, 0f], features[2]);
        Assert.Equal([0f, 0f], features[3]);
    }

    [Fact]
    public void Should_KeepCategoriesBeyondTheTopK_When_TheyHaveEnoughTrainingRows()
    {
        // Given: a (15 rows), b (10), c (4), d (1); k = 1 and at least 4 rows keep a category beyond the top one
        var rows = Enumerable.Range(0, 30).Select(i => $"{(i < 15 ? "a" : i < 25 ? "b" : i < 29 ? "c" : "d")},{i}");
        var (schema, train) = Load("m.csv", "c,y\n" + string.Join("\n", rows) + "\n");
        var options = new PreprocessingOptions { Scaler = ScalerKind.None, MaxCategories = 1, MinCategoryRows = 4 };

        var plan = PreprocessingPlanner.Plan(schema, train, options);

        // Then: b and c are kept for their support, d (one row) still shares "other"
        Assert.Equal(["a", "b", "c"], plan.Categoricals.Single().Categories.ToArray());
        Assert.True(plan.Categoricals.Single().HasOtherBucket);
        Assert.Contains("every category with at least 4 training rows", plan.Describe());
        Assert.Equal(["a"], PreprocessingPlanner.Plan(schema, train, options with { MinCategoryRows = 11 }).Categoricals.Single().Categories.ToArray());
    }

    [Theory]
    [InlineData(ScalerKind.MeanVariance)]
    [InlineData(ScalerKind.MinMax)]
    [InlineData(ScalerKind.Robust)]
    public void Should_Scale_Features_With_The_Chosen_Normalizer(ScalerKind scaler)
    {
        var (schema, view) = Load("n.csv", SyntheticData.Csv(200));
        var plan = PreprocessingPlanner.Plan(schema, view, new PreprocessingOptions { Scaler = scaler });

        var features = PreprocessingChainBuilder.Build(_ml, plan).Fit(view).Transform(view)
            .GetColumn<float[]>(ColumnNames.Features).ToArray();

        var x1 = features.Select(f => (double)f[0]).ToArray();
        var spread = x1.Max() - x1.Min();
        Assert.InRange(spread, 0.5, 6);
        Assert.Equal(plan.FeatureCount, features[0].Length);
    }

    [Fact]
    public void TrainTestSplit_With_A_Seed_Is_Deterministic_And_Sized()
    {
        var (_, view) = Load("s.csv", SyntheticData.Csv(1000));

        var first = _ml.Data.TrainTestSplit(view, 0.2, seed: 7);
        var second = new MLContext(3).Data.TrainTestSplit(view, 0.2, seed: 7);

        var testA = first.TestSet.GetColumn<float>("x1").ToArray();
        Assert.Equal(testA, second.TestSet.GetColumn<float>("x1").ToArray());
        Assert.InRange(testA.Length, 150, 250);
        Assert.Equal(1000, testA.Length + first.TrainSet.GetColumn<float>("x1").Count());
    }

    [Fact]
    public void Label_Outliers_Are_Found_With_A_Robust_Z_Score()
    {
        var labels = Enumerable.Range(0, 100).Select(i => 100f + i % 10).Append(10_000f).Append(-5_000f).ToArray();

        var report = LabelOutlierDetector.Detect(labels, dropped: false);

        Assert.Equal(2, report.Count);
        Assert.Contains("robust z-score", report.Method);
    }
}
