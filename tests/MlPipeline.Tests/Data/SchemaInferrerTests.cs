using MlPipeline.Data;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Data;

public sealed class SchemaInferrerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ColumnSchema Column(DataSchema schema, string name) => schema.Columns.Single(c => c.Name == name);

    [Fact]
    public void Should_Infer_Every_Role_From_The_Values_Not_The_First_Row()
    {
        // Given: a column numeric in the first rows but text later, a boolean, a date, an id, a constant and free text
        var rows = Enumerable.Range(1, 40).Select(i =>
            $"{i},{(i < 30 ? i.ToString() : "x" + i % 3)},{(i % 2 == 0 ? "Y" : "N")},2024-01-{i % 28 + 1:00},same," +
            $"\"this is a long free text sentence number {i} with words\",{i * 1.5}");
        var path = _dir.Write("roles.csv", "id,mixed,flag,when,const,notes,y\n" + string.Join("\n", rows) + "\n");

        // When
        var schema = new SchemaInferrer().Infer(path, "y");

        // Then
        Assert.Equal(ColumnRole.Ignored, Column(schema, "id").Role);
        Assert.Contains("identifier", Column(schema, "id").Reason);
        Assert.Equal(ColumnRole.Categorical, Column(schema, "mixed").Role);
        Assert.Equal(ColumnRole.Boolean, Column(schema, "flag").Role);
        Assert.Equal(ColumnRole.DateTime, Column(schema, "when").Role);
        Assert.Equal(["Year", "Month", "Day", "DayOfWeek"], Column(schema, "when").DateParts.ToArray());
        Assert.Equal(ColumnRole.Ignored, Column(schema, "const").Role);
        Assert.Equal(ColumnRole.Text, Column(schema, "notes").Role);
        Assert.Equal(ColumnRole.Label, Column(schema, "y").Role);
        Assert.True(schema.ScanComplete);
        Assert.Equal(40, schema.RowsScanned);
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData("|")]
    [InlineData(",")]
    public void Should_Detect_The_Delimiter(string delimiter)
    {
        // Given
        var lines = Enumerable.Range(0, 30).Select(i => string.Join(delimiter, i % 7, i % 5 == 0 ? "a" : "b", i * 2));
        var path = _dir.Write("d.csv", string.Join(delimiter, "x", "c", "y") + "\n" + string.Join("\n", lines) + "\n");

        // When
        var schema = new SchemaInferrer().Infer(path, "y");

        // Then
        Assert.Equal(delimiter, schema.Format.Delimiter);
        Assert.Equal(ColumnRole.Numeric, Column(schema, "x").Role);
        Assert.Equal(ColumnRole.Categorical, Column(schema, "c").Role);
    }

    [Fact]
    public void Should_Read_Bom_Quotes_Embedded_Newlines_And_Missing_Markers()
    {
        // Given: a BOM, a quoted field with the delimiter and a line break, and every default missing marker
        string[] markers = ["", "NA", "N/A", "NaN", "null", "?"];
        var rows = Enumerable.Range(0, 30).Select(i =>
            $"{(i < markers.Length ? markers[i] : (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))},\"Smith, \"\"J\"\"\nline two\",{i}");
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes("x,name,y\n" + string.Join("\n", rows) + "\n")).ToArray();
        var path = _dir.WriteBytes("bom.csv", bytes);

        // When
        var schema = new SchemaInferrer().Infer(path, "y");

        // Then
        Assert.Equal("x", schema.Columns[0].Name);
        Assert.Equal(ColumnRole.Numeric, Column(schema, "x").Role);
        Assert.Equal(6, Column(schema, "x").MissingCount);
        Assert.Equal(ColumnRole.Ignored, Column(schema, "name").Role);
    }

    [Fact]
    public void Should_Parse_Numbers_In_The_Given_Culture()
    {
        // Given: German decimals separated by semicolons
        var rows = Enumerable.Range(0, 30).Select(i => $"{i},5;{i % 3}");
        var path = _dir.Write("de.csv", "x;y\n" + string.Join("\n", rows) + "\n");

        // When
        var schema = new SchemaInferrer().Infer(path, "y", new CsvFormat(null, "de-DE"));

        // Then
        Assert.Equal(ColumnRole.Numeric, Column(schema, "x").Role);
        Assert.Equal(29.5, Column(schema, "x").Max);
    }

    [Fact]
    public void Should_Apply_Role_Overrides()
    {
        // Given
        var path = _dir.Write("o.csv", "a,b,c,y\n" + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{i % 4},{i % 3},{i % 5},{i}")) + "\n");
        var overrides = new SchemaOverrides { Ignore = ["a"], Categorical = ["b"], Numeric = ["c"] };

        // When
        var schema = new SchemaInferrer().Infer(path, "y", overrides: overrides);

        // Then
        Assert.Equal(ColumnRole.Ignored, Column(schema, "a").Role);
        Assert.Equal(ColumnRole.Categorical, Column(schema, "b").Role);
        Assert.Equal(ColumnRole.Numeric, Column(schema, "c").Role);
    }

    [Fact]
    public void Should_Count_Rows_Whose_Label_Is_Missing()
    {
        // Given
        var rows = Enumerable.Range(0, 30).Select(i => $"{i % 9},{(i % 10 == 3 ? "NA" : i.ToString())}");
        var path = _dir.Write("m.csv", "x,y\n" + string.Join("\n", rows) + "\n");

        // When
        var schema = new SchemaInferrer().Infer(path, "y");

        // Then
        Assert.Equal(3, schema.RowsWithMissingLabel);
    }

    [Fact]
    public void Should_Stop_At_The_Sample_Cap_Without_Reading_The_Whole_File()
    {
        // Given
        var path = _dir.Write("big.csv", SyntheticData.Csv(500));

        // When
        var schema = new SchemaInferrer { SampleRows = 100 }.Infer(path, SyntheticData.Label);

        // Then
        Assert.False(schema.ScanComplete);
        Assert.Equal(100, schema.RowsScanned);
    }

    [Fact]
    public void Should_Round_Trip_Through_Json()
    {
        // Given
        var path = _dir.Write("s.csv", SyntheticData.Csv(50));
        var schema = new SchemaInferrer().Infer(path, SyntheticData.Label);

        // When
        var back = DataSchema.FromJson(schema.ToJson(), "schema.json");

        // Then
        Assert.Equal(schema.Columns.Length, back.Columns.Length);
        Assert.All(schema.Columns.Zip(back.Columns), pair => Assert.Equal(pair.First, pair.Second));
        Assert.Equal(schema.Format.Delimiter, back.Format.Delimiter);
        Assert.Equal(schema.Format.MissingMarkers.ToArray(), back.Format.MissingMarkers.ToArray());
    }
}
