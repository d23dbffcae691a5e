using MlPipeline.Data;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Data;

public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Rows(int n) => string.Join("\n", Enumerable.Range(0, n).Select(i => $"{i % 7},{i}")) + "\n";

    private DataValidationException Fails(string path, string label = "y") =>
        Assert.Throws<DataValidationException>(() => new SchemaInferrer().Infer(path, label));

    [Fact]
    public void Missing_File_Names_The_File() =>
        Assert.Equal($"{_dir.File("nope.csv")}: file not found", Fails(_dir.File("nope.csv")).Message);

    [Fact]
    public void Empty_File_Is_Rejected() => Assert.Contains("file is empty", Fails(_dir.Write("e.csv", "")).Message);

    [Fact]
    public void Header_Only_Is_Rejected() => Assert.Contains("no data rows", Fails(_dir.Write("h.csv", "x,y\n")).Message);

    [Fact]
    public void No_Header_Is_Rejected_At_Line_1()
    {
        var e = Fails(_dir.Write("n.csv", "1,2\n3,4\n"));
        Assert.Contains("no header row", e.Message);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Duplicate_Header_Names_The_Column()
    {
        var e = Fails(_dir.Write("d.csv", "x,x,y\n" + "1,2,3\n"));
        Assert.Contains("duplicate column name", e.Message);
        Assert.Equal("x", e.Column);
    }

    [Fact]
    public void Ragged_Row_Names_The_Line()
    {
        var e = Fails(_dir.Write("r.csv", "x,y\n" + Rows(10) + "1,2,3\n" + Rows(20)));
        Assert.Contains("ragged", e.Message);
        Assert.Equal(12, e.Line);
    }

    [Fact]
    public void Unterminated_Quote_Names_The_Line()
    {
        var e = Fails(_dir.Write("q.csv", "x,y\n" + Rows(25) + "\"open,5\n"));
        Assert.Contains("quote", e.Message);
        Assert.NotNull(e.Line);
    }

    [Fact]
    public void Binary_Garbage_Is_Rejected()
    {
        var bytes = new byte[2048];
        new Random(3).NextBytes(bytes);
        bytes[10] = 0;
        Assert.Contains("binary data", Fails(_dir.WriteBytes("b.csv", bytes)).Message);
    }

    [Fact]
    public void Missing_Label_Column_Lists_The_Columns()
    {
        var e = Fails(_dir.Write("l.csv", "x,y\n" + Rows(30)), "price");
        Assert.Contains("label column not found; columns are: x, y", e.Message);
        Assert.Equal("price", e.Column);
    }

    [Fact]
    public void Non_Numeric_Label_Names_Line_Column_And_Value()
    {
        var e = Fails(_dir.Write("t.csv", "x,y\n" + Rows(5) + "3,cheap\n" + Rows(30)));
        Assert.Equal(7, e.Line);
        Assert.Equal("y", e.Column);
        Assert.Equal("cheap", e.Value);
        Assert.Equal($"{_dir.File("t.csv")}:7: column 'y': label is not a number (value 'cheap')", e.Message);
    }

    [Fact]
    public void Entirely_Missing_Label_Is_Rejected() =>
        Assert.Contains("no values", Fails(_dir.Write("a.csv", "x,y\n" + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{i},NA")) + "\n")).Message);

    [Fact]
    public void Too_Few_Labelled_Rows_Are_Rejected() =>
        Assert.Contains("too few usable rows", Fails(_dir.Write("f.csv", "x,y\n" + Rows(8))).Message);

    [Fact]
    public void Non_Numeric_Value_In_A_Forced_Numeric_Column_Names_It()
    {
        var path = _dir.Write("c.csv", "x,y\n" + Rows(5) + "oops,3\n" + Rows(30));
        var e = Assert.Throws<DataValidationException>(() =>
            new SchemaInferrer().Infer(path, "y", overrides: new SchemaOverrides { Numeric = ["x"] }));
        Assert.Equal((7L, "x", "oops"), (e.Line!.Value, e.Column!, e.Value!));
    }
}
