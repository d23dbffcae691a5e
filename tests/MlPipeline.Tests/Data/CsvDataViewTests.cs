using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Data;

public sealed class CsvDataViewTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DataSchema Schema(string csv) => new SchemaInferrer().Infer(_dir.Write("train.csv", csv), "y");

    [Fact]
    public void Should_Type_Columns_And_Drop_Unlabelled_Rows_When_Training()
    {
        // Given
        var csv = "x,c,b,y\n" + string.Join("\n", Enumerable.Range(0, 25).Select(i => $"{(i == 2 ? "NA" : i)},{(i == 4 ? "" : "k" + i % 3)},{(i % 2 == 0 ? "yes" : "no")},{(i == 7 ? "" : i * 2)}")) + "\n";
        var schema = Schema(csv);

        // When
        var view = new CsvDataView(_dir.File("train.csv"), schema, LoadMode.Training);
        var x = view.GetColumn<float>("x").ToArray();
        var c = view.GetColumn<ReadOnlyMemory<char>>("c").Select(m => m.ToString()).ToArray();
        var b = view.GetColumn<float>("b").ToArray();

        // Then
        Assert.Equal(24, x.Length);
        Assert.True(float.IsNaN(x[2]));
        Assert.Equal("", c[4]);
        Assert.Equal([1f, 0f, 1f], b[..3]);
    }

    [Fact]
    public void Should_Find_Columns_By_Name_When_Scoring_Reordered_Files_Without_Label()
    {
        // Given: a schema from one file, and a file to score with columns reordered, one extra and no label
        var schema = Schema("x,c,y\n" + string.Join("\n", Enumerable.Range(0, 25).Select(i => $"{i % 10},k{i % 3},{i}")) + "\n");
        var path = _dir.Write("score.csv", "extra,c,x\nz,k1,5\nz,k9,6\n");

        // When
        var view = new CsvDataView(path, schema, LoadMode.Scoring);

        // Then
        Assert.Equal([5f, 6f], view.GetColumn<float>("x").ToArray());
        Assert.Null(view.Schema.GetColumnOrNull("y"));
    }

    [Fact]
    public void Should_Name_A_Missing_Required_Column()
    {
        var schema = Schema("x,c,y\n" + string.Join("\n", Enumerable.Range(0, 25).Select(i => $"{i % 10},k{i % 3},{i}")) + "\n");
        var path = _dir.Write("score.csv", "c\nk1\n");

        var e = Assert.Throws<DataValidationException>(() => new CsvDataView(path, schema, LoadMode.Scoring));

        Assert.Equal("x", e.Column);
        Assert.Contains("required column is missing", e.Message);
    }

    [Fact]
    public void Should_Report_Line_Column_And_Value_Of_A_Bad_Label_Found_While_Streaming()
    {
        // Given: inference saw only the first rows; a later row has text in the label
        var csv = "x,y\n" + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{i % 10},{i}")) + "\n3,bad\n";
        var path = _dir.Write("late.csv", csv);
        var schema = new SchemaInferrer { SampleRows = 20 }.Infer(path, "y");

        // When
        var e = Assert.Throws<DataValidationException>(() => new CsvDataView(path, schema, LoadMode.Training).GetColumn<float>("y").ToArray());

        // Then
        Assert.Equal((32L, "y", "bad"), (e.Line!.Value, e.Column!, e.Value!));
    }

    [Fact]
    public void Should_Read_A_Late_Non_Number_In_A_Numeric_Feature_As_Missing()
    {
        // Given: as above, but the text is in a feature; the loader treats it as inference treats stray tokens
        var csv = "x,y\n" + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{i % 10},{i}")) + "\nbad,3\n";
        var path = _dir.Write("late-x.csv", csv);
        var schema = new SchemaInferrer { SampleRows = 20 }.Infer(path, "y");

        // When
        var x = new CsvDataView(path, schema, LoadMode.Training).GetColumn<float>("x").ToArray();

        // Then
        Assert.Equal(31, x.Length);
        Assert.True(float.IsNaN(x[^1]));
    }

    [Fact]
    public void Should_Split_Dates_Into_Numeric_Parts()
    {
        var path = _dir.Write("d.csv", "when,y\n" + string.Join("\n", Enumerable.Range(1, 25).Select(i => $"2024-03-{i:00} 10:30,{i}")) + "\n");
        var schema = new SchemaInferrer().Infer(path, "y");

        var view = new CsvDataView(path, schema, LoadMode.Training);

        Assert.Equal(2024f, view.GetColumn<float>("when_Year").First());
        Assert.Equal(3f, view.GetColumn<float>("when_Month").First());
        Assert.Equal(10.5f, view.GetColumn<float>("when_Hour").First());
        Assert.Equal((float)DayOfWeek.Friday, view.GetColumn<float>("when_DayOfWeek").First());
    }
}
