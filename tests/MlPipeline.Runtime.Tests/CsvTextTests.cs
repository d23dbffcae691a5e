namespace MlPipeline.Runtime.Tests;

/// <summary>The runtime's CSV reading follows the pipeline's reader: detected delimiter, RFC 4180 quotes, lines counted.</summary>
public sealed class CsvTextTests
{
    private static List<(string[] Fields, long Line)> ReadAll(string text, out IReadOnlyList<string> header)
    {
        var csv = new CsvText(new StringReader(text));
        header = csv.Header;
        var rows = new List<(string[], long)>();
        while (csv.TryRead(out var fields, out var line)) rows.Add((fields, line));
        return rows;
    }

    [Fact]
    public void TryRead_Should_HonourQuotesBomCrlfAndBlankLines_When_TheDelimiterIsASemicolon()
    {
        // Given: a BOM, CRLF endings, a quoted field holding the delimiter, a doubled quote and a line break, a blank line
        const string Text = "\uFEFFa; b ;\r\n1;\"x;\"\"y\"\"\r\nz\";3\r\n\r\n4;;6";

        // When
        var rows = ReadAll(Text, out var header);

        // Then: names trimmed, an empty name numbered, records and the lines they start on
        Assert.Equal(["a", "b", "Column3"], header);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["1", "x;\"y\"\r\nz", "3"], rows[0].Fields);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal(["4", "", "6"], rows[1].Fields);
        Assert.Equal(5, rows[1].Line);
    }

    [Fact]
    public void TryRead_Should_NameTheLine_When_AQuoteIsUnterminatedOrTheHeaderRepeatsAName()
    {
        // Given / When
        var unterminated = Assert.Throws<RecordValidationException>(() => ReadAll("a,b\n1,2\n3,\"4\n", out _));
        var duplicate = Assert.Throws<RecordValidationException>(() => ReadAll("a,b,a\n1,2,3\n", out _));

        // Then
        Assert.Equal("line 3: malformed or unterminated quoted field", unterminated.Message);
        Assert.Equal("line 1: field 'a': duplicate column name in the header (columns 1 and 3)", duplicate.Message);
    }
}
