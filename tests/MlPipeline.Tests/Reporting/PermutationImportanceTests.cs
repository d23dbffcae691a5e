using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Reporting;

namespace MlPipeline.Tests.Reporting;

public sealed class PermutationImportanceTests
{
    private const int Rows = 2_000;

    /// <summary>Rows where y = 3·a + 0.1·b and c is noise the model ignores.</summary>
    private static (InMemoryTable Data, float[] Labels) Data()
    {
        var random = new Random(7);
        float[] a = [.. Enumerable.Range(0, Rows).Select(_ => (float)random.NextDouble())];
        float[] b = [.. Enumerable.Range(0, Rows).Select(_ => (float)random.NextDouble())];
        float[] c = [.. Enumerable.Range(0, Rows).Select(_ => (float)random.NextDouble())];
        var data = InMemoryTable.FromColumns(new Dictionary<string, Array> { ["a"] = a, ["b"] = b, ["c"] = c });
        return (data, [.. Enumerable.Range(0, Rows).Select(i => 3 * a[i] + 0.1f * b[i])]);
    }

    /// <summary>The model y = 3·a + 0.1·b, costing <paramref name="msPerThousandRows"/> per thousand rows scored.</summary>
    private static Func<Microsoft.ML.IDataView, float[]> Model(double msPerThousandRows, List<int> scored) => view =>
    {
        var table = (InMemoryTable)view;
        scored.Add(table.Rows);
        Thread.Sleep(TimeSpan.FromMilliseconds(msPerThousandRows * table.Rows / 1000));
        var a = table.GetColumn<float>("a").ToArray();
        var b = table.GetColumn<float>("b").ToArray();
        return [.. a.Select((x, i) => 3 * x + 0.1f * b[i])];
    };

    [Fact]
    public void A_Fast_Model_Is_Measured_On_Every_Row_And_Ranks_The_Columns_By_Their_Weight()
    {
        var (data, labels) = Data();
        var scored = new List<int>();

        var result = PermutationImportance.Compute(Model(0, scored), data, labels, ["a", "b", "c"], TimeSpan.FromSeconds(30));

        Assert.Equal(Rows, result.Rows);
        Assert.Equal(Rows, result.OfRows);
        Assert.Equal(["a", "b", "c"], result.Columns.Select(c => c.Column));
        Assert.Equal(0, result.Columns.Single(c => c.Column == "c").RmseIncrease, 12);
    }

    [Fact]
    public void A_Slow_Model_Is_Measured_On_Fewer_Rows_So_That_One_Scoring_Per_Column_Fits_The_Limit()
    {
        // Given: a model needing 200 ms per thousand rows, so 4 scorings of all rows take 1.6 s, and a limit of 0.4 s
        var (data, labels) = Data();
        var scored = new List<int>();

        var result = PermutationImportance.Compute(Model(200, scored), data, labels, ["a", "b", "c"], TimeSpan.FromSeconds(0.4));

        // Then: about 0.1 s per scoring of about 500 rows, never below the floor, the ranking still right
        Assert.InRange(result.Rows, PermutationImportance.MinRows, Rows / 2);
        Assert.Equal(Rows, result.OfRows);
        Assert.Equal("a", result.Columns[0].Column);
        Assert.All(scored.Skip(3), n => Assert.Equal(result.Rows, n));
    }
}
