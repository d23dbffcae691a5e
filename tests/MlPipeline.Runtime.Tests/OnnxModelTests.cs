using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlPipeline.Runtime.Tests;

/// <summary>The runtime scores raw records of every shape exactly as the pipeline scores the same rows.</summary>
[Collection(ExportedModel.Collection)]
public sealed class OnnxModelTests(ExportedModel fixture)
{
    /// <summary>A user's own record type; properties match the fields ignoring case.</summary>
    private sealed record House(double X1, double? X2, string City, bool? Flag, DateTime When);

    /// <summary>A record with a property 'CITY' that is not the city column, and the city under [JsonPropertyName].</summary>
    private sealed record DecoyHouse(
        string CITY, double X1, double? X2, [property: JsonPropertyName("city")] string Town, bool? Flag, DateTime When);

    private string NewRows(int rows = 60, int seed = 7) => fixture.Write($"rows-{seed}-{rows}.csv", ExportedModel.Csv(rows, seed, withLabel: false));

    private static List<Dictionary<string, string?>> Dictionaries(string csvPath)
    {
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => (string?)p.Second))];
    }

    private static void AssertSame(float[] expected, Prediction[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i].Score) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])), $"row {i}: pipeline {expected[i]}, runtime {actual[i].Score}");
        }
    }

    [Fact]
    public void Score_Should_GiveTheSequentialResults_When_SingleRecordsAreScoredFromManyThreadsAtOnce()
    {
        // Given: records with numbers, missing cells, a category (a string tensor) and dates, each scored alone in order
        var dictionaries = Dictionaries(NewRows(rows: 200, seed: 11));
        using var model = new OnnxModel(fixture.Path);
        var sequential = dictionaries.Select(d => model.Score(d)).ToArray();

        // When: 8 threads score them all, one record a call, many times over, sharing the model's pooled tensors
        var parallel = new Prediction[8][];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            var mine = new Prediction[dictionaries.Count];
            for (var pass = 0; pass < 5; pass++)
            {
                for (var i = 0; i < dictionaries.Count; i++) mine[(i + t * 17) % mine.Length] = model.Score(dictionaries[(i + t * 17) % mine.Length]);
            }
            parallel[t] = mine;
        });

        // Then: every thread saw each record's own score, which is the pipeline's
        AssertSame(fixture.PipelineScores(NewRows(rows: 200, seed: 11)), sequential);
        Assert.True(sequential.Select(p => p.Score).Distinct().Count() > 100, "the scores depend on the records");
        Assert.All(parallel, results => Assert.Equal(sequential, results));
    }

    [Fact]
    public void Score_Should_LeaveNoValueBehind_When_ARecordFailsValidationBetweenTwoCalls()
    {
        // Given: a record, and a bad one that fails after some of its fields were written into the pooled tensors
        var dictionaries = Dictionaries(NewRows(rows: 3, seed: 12));
        using var model = new OnnxModel(fixture.Path);
        var first = model.Score(dictionaries[0]);
        var bad = new Dictionary<string, string?>(dictionaries[1]) { ["x2"] = "not a number" };

        // When
        Assert.Throws<RecordValidationException>(() => model.Score(bad));

        // Then: the next call scores its own record
        Assert.Equal(first, model.Score(dictionaries[0]));
        Assert.Equal(model.Score([dictionaries[1], dictionaries[2]])[0], model.Score(dictionaries[1]));
    }

    [Fact]
    public void ScoreCsv_Should_EqualThePipelinesScores_When_GivenTheSameFile()
    {
        // Given: rows with missing numbers (empty and NA), a category, yes/no and dates
        var rows = NewRows();
        using var model = new OnnxModel(fixture.Path);

        // When
        using var reader = new StreamReader(rows);
        var predictions = model.ScoreCsv(reader);

        // Then
        AssertSame(fixture.PipelineScores(rows), predictions);
        Assert.True(predictions.Select(p => p.Score).Distinct().Count() > 40, "the scores depend on the rows");
        Assert.All(predictions, p => Assert.Null(p.Lower));
    }

    [Fact]
    public void Score_Should_EqualThePipelinesScores_When_RecordsAreDictionariesJsonOrObjects()
    {
        // Given: the same rows as dictionaries of strings, as JSON objects (numbers as numbers) and as typed records
        var rows = NewRows(seed: 8);
        var dictionaries = Dictionaries(rows);
        var json = JsonSerializer.Serialize(dictionaries.Select(d => d.ToDictionary(p => p.Key, p =>
            double.TryParse(p.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? (object)n : p.Value is "" or "NA" ? null : p.Value)));
        var houses = dictionaries.Select(d => new House(
            double.Parse(d["x1"]!, CultureInfo.InvariantCulture),
            double.TryParse(d["x2"], NumberStyles.Float, CultureInfo.InvariantCulture, out var x2) ? x2 : null,
            d["city"]!, d["flag"] == "yes", DateTime.Parse(d["when"]!, CultureInfo.InvariantCulture))).ToList();
        using var model = new OnnxModel(fixture.Path);
        var expected = fixture.PipelineScores(rows);

        // When
        var byDictionary = model.Score(dictionaries);
        using var document = JsonDocument.Parse(json);
        var byJson = model.ScoreJson(document.RootElement);
        var byObject = model.ScoreObjects(houses);

        // Then
        AssertSame(expected, byDictionary);
        AssertSame(expected, byJson);
        AssertSame(expected, byObject);
        Assert.Equal(byDictionary[3], model.Score(dictionaries[3]));
    }

    [Fact]
    public void ScoreObjects_Should_PreferAnExactJsonPropertyName_When_AnotherPropertyMatchesOnlyIgnoringCase()
    {
        // Given: records whose first property matches 'city' only ignoring case and holds a decoy, while a later one is
        // named 'city' by [JsonPropertyName] and holds the real value (what codegen writes for clashing column names)
        var rows = NewRows(seed: 9);
        var dictionaries = Dictionaries(rows);
        var records = dictionaries.Select(d => new DecoyHouse(
            "unseen-decoy",
            double.Parse(d["x1"]!, CultureInfo.InvariantCulture),
            double.TryParse(d["x2"], NumberStyles.Float, CultureInfo.InvariantCulture, out var x2) ? x2 : null,
            d["city"]!, d["flag"] == "yes", DateTime.Parse(d["when"]!, CultureInfo.InvariantCulture))).ToList();
        using var model = new OnnxModel(fixture.Path);

        // When
        var scored = model.ScoreObjects(records);

        // Then: the real city was read, so the scores are the pipeline's
        AssertSame(fixture.PipelineScores(rows), scored);
    }

    [Fact]
    public void Schema_Should_NameEachFieldWithItsKind_When_ReadFromTheMetadata()
    {
        // Given / When
        using var model = new OnnxModel(fixture.Path);

        // Then: the CSV's columns by their own names; the date feeds its part inputs
        var kinds = model.Schema.Fields.ToDictionary(f => f.Name, f => f.Kind);
        Assert.Equal(FieldKind.Number, kinds["x1"]);
        Assert.Equal(FieldKind.Category, kinds["city"]);
        Assert.Equal(FieldKind.Boolean, kinds["flag"]);
        Assert.Equal(FieldKind.Date, kinds["when"]);
        Assert.Contains("when_Month", model.Schema.Fields.Single(f => f.Name == "when").Inputs);
        Assert.Equal("y", model.Schema.Label);
        Assert.False(model.HasInterval);
    }

    [Fact]
    public void Score_Should_GiveTheSameResults_When_SeveralThreadsShareOneModel()
    {
        // Given: one model, and each batch's scores computed alone first
        using var model = new OnnxModel(fixture.Path);
        var batches = Enumerable.Range(0, 4).Select(i => Dictionaries(NewRows(rows: 5 + i * 7, seed: 20 + i))).ToList();
        var alone = batches.Select(b => model.Score(b)).ToList();

        // When: 4 threads score them over and over at once, single records too
        var mismatches = 0;
        Parallel.For(0, 4 * 25, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
        {
            var b = n % batches.Count;
            var again = n % 2 == 0 ? model.Score(batches[b]) : [.. batches[b].Select(r => model.Score(r))];
            if (!again.SequenceEqual(alone[b])) Interlocked.Increment(ref mismatches);
        });

        // Then
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Score_Should_FeedBooleansAsWordsAndReturnTheInterval_When_TheModelTakesStringsAndHasBounds()
    {
        // Given: the same model with a string boolean input mapped in the graph, and Lower/Upper outputs
        var rows = NewRows(seed: 9);
        using var plain = new OnnxModel(fixture.Path);
        using var variant = new OnnxModel(fixture.VariantPath());
        using var reader = new StreamReader(rows);

        // When: yes/no cells (and 1/0 in dictionaries) reach the string input as the words the graph maps
        var predictions = variant.ScoreCsv(reader);
        var numeric = variant.Score(new Dictionary<string, string?> { ["x1"] = "1", ["x2"] = "0", ["city"] = "a", ["flag"] = "1", ["when"] = "2020-02-03" });
        var word = plain.Score(new Dictionary<string, string?> { ["x1"] = "1", ["x2"] = "0", ["city"] = "a", ["flag"] = "Y", ["when"] = "2020-02-03" });

        // Then: the same scores as the float-input model, and the bounds around them
        Assert.True(variant.HasInterval);
        AssertSame(fixture.PipelineScores(rows), predictions);
        Assert.All(predictions, p => Assert.Equal((p.Score - 1.5f, p.Score + 1.5f), (p.Lower!.Value, p.Upper!.Value)));
        Assert.Equal(word.Score, numeric.Score);
    }

    [Fact]
    public void Constructor_Should_ThrowModelLoadException_When_TheFileIsNotAModel()
    {
        // Given: a missing file and a cut model
        var cut = fixture.Write("cut.onnx", "");
        File.WriteAllBytes(cut, File.ReadAllBytes(fixture.Path)[..500]);

        // When
        var missing = Assert.Throws<ModelLoadException>(() => new OnnxModel(cut + ".none"));
        var damaged = Assert.Throws<ModelLoadException>(() => new OnnxModel(cut));

        // Then
        Assert.Equal($"{cut}.none: model file not found", missing.Message);
        Assert.StartsWith($"{cut}: not a loadable ONNX model", damaged.Message);
    }
}
