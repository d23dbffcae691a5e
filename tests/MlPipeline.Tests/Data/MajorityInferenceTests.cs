using System.Text;
using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Data;

public sealed class MajorityInferenceTests : IDisposable
{
    private const int BadRow = 50;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>100 rows; column x is a number except in <paramref name="badRows"/> rows, which hold <paramref name="token"/> (a CSV field as written).</summary>
    private string Write(string token, Func<int, bool> badRows)
    {
        var text = new StringBuilder("x,c,y\n");
        for (var i = 0; i < 100; i++)
        {
            text.Append(badRows(i) ? token : (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append(',').Append(i % 3 == 0 ? "a" : "b").Append(',').Append(i * 2 + 1).Append('\n');
        }
        return _dir.Write("stray.csv", text.ToString());
    }

    public static TheoryData<string, string> Tokens() => new()
    {
        { "dash", "-" },
        { "word", "unknown" },
        { "5 MB field", new string('x', 5 * 1024 * 1024) },
        { "thousands separator", "\"1,234\"" },
        { "float32 overflow", "1e39" },
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public void A_Stray_Token_Leaves_The_Column_Numeric_Counted_And_Loaded_As_Missing(string kind, string token)
    {
        // Given: one bad cell among 100 numbers
        var path = Write(token, i => i == BadRow);

        // When
        var schema = new SchemaInferrer().Infer(path, "y");
        var x = schema.Columns.Single(c => c.Name == "x");
        float[] Loaded(LoadMode mode) => new MLContext().Data.CreateEnumerable<Row>(CsvDataLoader.Load(path, schema, mode), false).Select(r => r.x).ToArray();

        // Then: numeric, the cell counted with its line (header = line 1), and read as NaN for training and scoring alike
        Assert.True(x.Role == ColumnRole.Numeric, $"{kind}: {x.Role} ({x.Reason})");
        Assert.Equal(1, x.UnparsedCount);
        var example = Assert.Single(x.UnparsedExamples!);
        Assert.Equal(BadRow + 2, example.Line);
        Assert.True(example.Value.Length <= UnparsedCell.MaxLength + 20, $"example of {example.Value.Length} chars");
        Assert.Equal(0, x.MissingCount);
        Assert.Contains("read as missing", x.Reason);
        foreach (var mode in new[] { LoadMode.Training, LoadMode.Scoring })
        {
            var values = Loaded(mode);
            Assert.Equal(100, values.Length);
            Assert.True(float.IsNaN(values[BadRow]), $"{mode}: {values[BadRow]}");
            Assert.Equal(99, values.Count(float.IsFinite));
        }
        var json = DataSchema.FromJson(schema.ToJson(), "schema.json");
        Assert.Equal(schema.Columns.Single(c => c.Name == "x"), json.Columns.Single(c => c.Name == "x"));
    }

    [Fact]
    public void An_Id_Column_With_A_Stray_Token_Is_Still_Ignored()
    {
        // Given: 1..100 with one id replaced by '-'
        var text = "id,x,y\n" + string.Join("\n", Enumerable.Range(1, 100).Select(i => $"{(i == 40 ? "-" : i.ToString())},{i % 5},{i % 7}")) + "\n";
        var path = _dir.Write("ids.csv", text);

        // When
        var id = new SchemaInferrer().Infer(path, "y", overrides: null).Columns.Single(c => c.Name == "id");

        // Then
        Assert.Equal(ColumnRole.Ignored, id.Role);
        Assert.Contains("identifier", id.Reason);
    }

    [Fact]
    public void A_Column_With_A_Fifth_Of_Words_Is_Still_Categorical()
    {
        // Given
        var path = Write("unknown", i => i % 5 == 0);

        // When
        var x = new SchemaInferrer().Infer(path, "y").Columns.Single(c => c.Name == "x");

        // Then
        Assert.Equal(ColumnRole.Categorical, x.Role);
        Assert.Null(x.UnparsedCount);
    }

    [Fact]
    public void A_Clean_Schema_Writes_None_Of_The_New_Properties()
    {
        // Given
        var path = Write("1", _ => false);

        // When
        var json = new SchemaInferrer().Infer(path, "y").ToJson();

        // Then: schema.json files of clean data stay as they were
        Assert.DoesNotContain("unparsed", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("loadedAs", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_Column_Forced_Numeric_Is_Still_Strict()
    {
        // Given
        var path = Write("-", i => i == BadRow);

        // When
        var e = Assert.Throws<DataValidationException>(() =>
            new SchemaInferrer().Infer(path, "y", overrides: new SchemaOverrides { Numeric = ["x"] }));

        // Then
        Assert.Contains($":{BadRow + 2}: column 'x': not a number in a column set by SchemaOverrides.Numeric (value '-')", e.Message);
    }

    private sealed class Row
    {
        public float x { get; set; }
    }
}
