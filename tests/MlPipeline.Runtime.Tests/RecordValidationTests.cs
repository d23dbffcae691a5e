using System.Text.Json;

namespace MlPipeline.Runtime.Tests;

/// <summary>A record that cannot be scored fails with one line naming the record, the field and the value.</summary>
[Collection(ExportedModel.Collection)]
public sealed class RecordValidationTests(ExportedModel fixture)
{
    private static Dictionary<string, string?> Good() => new()
    {
        ["x1"] = "0.5", ["x2"] = "-1", ["city"] = "b", ["flag"] = "yes", ["when"] = "2020-03-04",
    };

    private static Dictionary<string, string?> With(string field, string? value)
    {
        var record = Good();
        record[field] = value;
        return record;
    }

    public static TheoryData<string, string?, string> BadValues => new()
    {
        { "x1", "abc", "record 1: field 'x1': not a number (value 'abc')" },
        { "x1", "1e39", "record 1: field 'x1': not a number (value '1e39')" },
        { "flag", "maybe", "record 1: field 'flag': not a boolean (true/false, yes/no, y/n, t/f, 1/0) (value 'maybe')" },
        { "when", "soon", "record 1: field 'when': not a date (value 'soon')" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Score_Should_NameRecordFieldAndValue_When_AValueCannotBeRead(string field, string? value, string message)
    {
        // Given: a good record, then a bad one
        using var model = new OnnxModel(fixture.Path);

        // When
        var error = Assert.Throws<RecordValidationException>(() => model.Score([Good(), With(field, value)]));

        // Then
        Assert.Equal(message, error.Message);
        Assert.Equal((1, field, value), (error.Record!.Value, error.Field, error.Value));
    }

    [Fact]
    public void Score_Should_ReadMissingMarkersAsMissing_When_TheFieldIsOptional()
    {
        // Given: missing markers and null in every field
        using var model = new OnnxModel(fixture.Path);
        var record = new Dictionary<string, string?> { ["x1"] = "NA", ["x2"] = null, ["city"] = "?", ["flag"] = "", ["when"] = "null" };

        // When
        var prediction = model.Score(record);

        // Then: a number, as the pipeline gives for a row of missing values
        Assert.True(float.IsFinite(prediction.Score));
    }

    [Fact]
    public void Score_Should_NameTheField_When_ARecordLacksIt()
    {
        // Given
        using var model = new OnnxModel(fixture.Path);
        var record = Good();
        record.Remove("city");

        // When
        var error = Assert.Throws<RecordValidationException>(() => model.Score(record));

        // Then
        Assert.Equal("record 0: field 'city': required field is missing", error.Message);
    }

    [Fact]
    public void Score_Should_ReadStrayTextAsMissing_When_TheOptionSaysSo()
    {
        // Given: the option predict uses to read files as model.zip does
        using var model = new OnnxModel(fixture.Path, new OnnxModelOptions { UnparsableNumberIsMissing = true });

        // When
        var stray = model.Score(With("x2", "-"));
        var missing = model.Score(With("x2", "NA"));

        // Then
        Assert.Equal(missing, stray);
    }

    [Fact]
    public void ScoreJson_Should_NameRecordAndField_When_AnElementIsNotAFlatObject()
    {
        // Given
        using var model = new OnnxModel(fixture.Path);
        using var notObject = JsonDocument.Parse("""[{"x1":1,"x2":2,"city":"a","flag":true,"when":"2020-01-05"}, 3]""");
        using var nested = JsonDocument.Parse("""[{"x1":{"a":1},"x2":2,"city":"a","flag":true,"when":"2020-01-05"}]""");
        using var textNumber = JsonDocument.Parse("""[{"x1":"1.5","x2":2,"city":"a","flag":"no","when":"2020-01-05"}]""");

        // When
        var first = Assert.Throws<RecordValidationException>(() => model.ScoreJson(notObject.RootElement));
        var second = Assert.Throws<RecordValidationException>(() => model.ScoreJson(nested.RootElement));

        // Then: and a number sent as a string is read as a CSV cell
        Assert.Equal("record 1: not a JSON object but number", first.Message);
        Assert.Equal("record 0: field 'x1': not a single value (a JSON object or array) (value '{\"a\":1}')", second.Message);
        Assert.Single(model.ScoreJson(textNumber.RootElement));
    }

    [Fact]
    public void ScoreCsv_Should_NameTheLine_When_ARowIsBadOrTheHeaderLacksAField()
    {
        // Given: a quoted category with the delimiter inside, then a bad number on line 4; and a header without 'city'
        using var model = new OnnxModel(fixture.Path);
        const string Bad = "x1,x2,city,flag,when\n1,2,\"b,c\",yes,2020-01-05\n\n1,x,a,no,2020-01-05\n";
        const string NoCity = "x1,x2,flag,when\n1,2,yes,2020-01-05\n";
        const string Ragged = "x1;x2;city;flag;when\n1;2;a;yes\n";

        // When
        var bad = Assert.Throws<RecordValidationException>(() => model.ScoreCsv(new StringReader(Bad)));
        var noCity = Assert.Throws<RecordValidationException>(() => model.ScoreCsv(new StringReader(NoCity)));
        var ragged = Assert.Throws<RecordValidationException>(() => model.ScoreCsv(new StringReader(Ragged)));

        // Then
        Assert.Equal("record 1 (line 4): field 'x2': not a number (value 'x')", bad.Message);
        Assert.Equal("line 1: field 'city': required column is missing from the header", noCity.Message);
        Assert.Equal("record 0 (line 2): ragged row: 4 fields where the header has 5", ragged.Message);
    }

    [Fact]
    public void ScoreObjects_Should_NameTheField_When_TheTypeLacksAProperty()
    {
        // Given
        using var model = new OnnxModel(fixture.Path);

        // When
        var error = Assert.Throws<ArgumentException>(() => model.ScoreObjects([new { X1 = 1.0 }]));

        // Then
        Assert.Contains("for the model's field 'x2'", error.Message);
    }
}
