using MlPipeline.Cli.Codegen;
using MlPipeline.Runtime;

namespace MlPipeline.Cli.Tests.Codegen;

/// <summary>The generated input record, scorer and project, from a schema made by hand.</summary>
public sealed class ScoringCodeTests
{
    private static readonly ModelSchema s_schema = new("Sale_Price", "", ["NA"],
    [
        new ModelField("Gr Liv<Area>", FieldKind.Number, ["Gr Liv<Area>"]) { Min = 334, Max = 5642 },
        new ModelField("Central_Air", FieldKind.Boolean, ["Central_Air"]),
        new ModelField("Neighborhood", FieldKind.Category, ["Neighborhood"]),
        new ModelField("Sold", FieldKind.Date, ["Sold_Year", "Sold_Month"]) { DateParts = ["Year", "Month"] },
        new ModelField("Score", FieldKind.Number, ["csv_Score"]),
    ]);

    private static readonly Dictionary<string, string> s_metadata = new()
    {
        ["mlpipeline.trainer"] = "lightgbm",
        ["mlpipeline.interval"] = """{"level":0.9,"halfWidth":1.5}""",
    };

    [Fact]
    public void Generate_Should_WriteOneTypedDocumentedPropertyPerField()
    {
        // When
        var files = ScoringCode.Generate(s_schema, s_metadata, hasInterval: true, "Acme.Houses", "House", "1.2.3");

        // Then: the three files, and in the record each field's doc, JSON name and type, in the schema's order
        Assert.Equal(["HouseInput.cs", "HouseScorer.cs", "Acme.Houses.csproj"], files.Select(f => f.Name));
        var input = files[0].Text;
        Assert.Contains("namespace Acme.Houses;", input);
        Assert.Contains("public sealed record HouseInput", input);
        Assert.Contains("model predicting <c>Sale_Price</c>", input);
        string[] expected =
        [
            "/// <summary>Column <c>Gr Liv&lt;Area&gt;</c>: a number, fed to the model as float32 (from 334 to 5642 in training); null (or a missing marker in text) is missing.</summary>\n    [JsonPropertyName(\"Gr Liv<Area>\")]\n    public double? Gr_Liv_Area_ { get; init; }",
            "/// <summary>Column <c>Central_Air</c>: yes/no, as true or false; null is missing.</summary>\n    [JsonPropertyName(\"Central_Air\")]\n    public bool? Central_Air { get; init; }",
            "[JsonPropertyName(\"Neighborhood\")]\n    public string? Neighborhood { get; init; }",
            "a date, fed to the model as its parts Year, Month; null is missing. ONNX inputs <c>Sold_Year</c>, <c>Sold_Month</c>.</summary>\n    [JsonPropertyName(\"Sold\")]\n    public DateTime? Sold { get; init; }",
            "ONNX input <c>csv_Score</c>.</summary>\n    [JsonPropertyName(\"Score\")]\n    public double? Score { get; init; }",
        ];
        var positions = expected.Select(e => input.IndexOf(e, StringComparison.Ordinal)).ToArray();
        Assert.All(positions.Zip(expected), p => Assert.True(p.First >= 0, $"missing from the record:\n{p.Second}\n---\n{input}"));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(5, input.Split("{ get; init; }").Length - 1);
    }

    [Fact]
    public void Generate_Should_WrapTheRuntimeAndSayWhetherTheModelHasAnInterval()
    {
        // When
        var withInterval = ScoringCode.Generate(s_schema, s_metadata, hasInterval: true, "Acme", "Model", "1.2.3")[1].Text;
        var without = ScoringCode.Generate(s_schema, new Dictionary<string, string>(), hasInterval: false, "Acme", "Model", "1.2.3")[1].Text;

        // Then
        Assert.Contains("public sealed class ModelScorer : IDisposable", withInterval);
        Assert.Contains("_model = new OnnxModel(modelPath, options);", withInterval);
        Assert.Contains("public Prediction Predict(ModelInput input) => _model.ScoreObjects([input])[0];", withInterval);
        Assert.Contains("\"Gr Liv<Area>\",\n        \"Central_Air\",\n        \"Neighborhood\",\n        \"Sold\",\n        \"Score\",", withInterval);
        Assert.Contains("The model gives a 90 % prediction interval", withInterval);
        Assert.Contains("trainer lightgbm", withInterval);
        Assert.Contains("The model has no prediction interval", without);
        Assert.DoesNotContain("trainer", without.Split('\n')[0]);
    }

    [Fact]
    public void Generate_Should_ReferenceTheRuntimePackageAtTheGivenVersion()
    {
        // When
        var project = ScoringCode.Generate(s_schema, s_metadata, hasInterval: true, "Acme", "Model", "1.2.3")[2].Text;

        // Then
        Assert.Contains("<PackageReference Include=\"MlPipeline.Runtime\" Version=\"1.2.3\" />", project);
        Assert.Contains("<Nullable>enable</Nullable>", project);
        Assert.Contains("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", project);
        Assert.Contains("<RootNamespace>Acme</RootNamespace>", project);
    }
}
