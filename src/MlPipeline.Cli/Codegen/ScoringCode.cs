using System.Globalization;
using System.Text;
using System.Text.Json;
using MlPipeline.Runtime;

namespace MlPipeline.Cli.Codegen;

/// <summary>
/// The typed consumption code of a model, as mlnet's is: an input record with one property per field the model
/// needs, a scorer over <see cref="OnnxModel"/>, and a project referencing the <c>MlPipeline.Runtime</c> package.
/// </summary>
internal static class ScoringCode
{
    /// <summary>The files for <paramref name="schema"/>: <c>{name}Input.cs</c>, <c>{name}Scorer.cs</c> and <c>{ns}.csproj</c>.</summary>
    /// <param name="schema">The model's schema, as the runtime read it from the metadata.</param>
    /// <param name="metadata">The model's metadata properties (label, trainer, interval).</param>
    /// <param name="hasInterval">Whether the model has the <c>Lower</c> and <c>Upper</c> outputs.</param>
    /// <param name="ns">The namespace (and project name) of the code.</param>
    /// <param name="name">The stem of the type names.</param>
    /// <param name="runtimeVersion">The <c>MlPipeline.Runtime</c> package version the project references.</param>
    public static IReadOnlyList<GeneratedFile> Generate(
        ModelSchema schema, IReadOnlyDictionary<string, string> metadata, bool hasInterval, string ns, string name, string runtimeVersion)
    {
        var input = name + "Input";
        var scorer = name + "Scorer";
        var properties = CSharpNames.PropertyNames([.. schema.Fields.Select(f => f.Name)], input);
        return
        [
            new GeneratedFile(input + ".cs", InputRecord(schema, metadata, ns, input, properties)),
            new GeneratedFile(scorer + ".cs", Scorer(schema, metadata, hasInterval, ns, input, scorer)),
            new GeneratedFile(ns + ".csproj", Project(ns, runtimeVersion)),
        ];
    }

    /// <summary>The C# type a field's property has: what the runtime's object binding reads for that kind.</summary>
    public static string PropertyType(FieldKind kind) => kind switch
    {
        // The runtime reads a double as training read the cell's text (parsed to double, then fed as float32).
        FieldKind.Number => "double?",
        FieldKind.Boolean => "bool?",
        FieldKind.Date => "DateTime?",
        _ => "string?",
    };

    private static string InputRecord(ModelSchema schema, IReadOnlyDictionary<string, string> metadata, string ns, string input, IReadOnlyList<string> properties)
    {
        var code = new StringBuilder();
        Header(code, metadata);
        code.Append("using System.Text.Json.Serialization;\n\n");
        code.Append($"namespace {ns};\n\n");
        code.Append("/// <summary>\n");
        code.Append($"/// One record to score with the model{Predicting(schema)}: one property per column of the training CSV that the model\n");
        code.Append("/// uses, bound to the column by <see cref=\"JsonPropertyNameAttribute\"/>. A null property is a missing value.\n");
        code.Append("/// </summary>\n");
        code.Append($"public sealed record {input}\n{{\n");
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            if (i > 0) code.Append('\n');
            code.Append($"    /// <summary>Column <c>{CSharpNames.Xml(field.Name)}</c>: {Describe(field, schema)}</summary>\n");
            code.Append($"    [JsonPropertyName({CSharpNames.Literal(field.Name)})]\n");
            code.Append($"    public {PropertyType(field.Kind)} {properties[i]} {{ get; init; }}\n");
        }
        code.Append("}\n");
        return code.ToString();
    }

    private static string Scorer(ModelSchema schema, IReadOnlyDictionary<string, string> metadata, bool hasInterval, string ns, string input, string scorer)
    {
        var code = new StringBuilder();
        Header(code, metadata);
        code.Append("using MlPipeline.Runtime;\n\n");
        code.Append($"namespace {ns};\n\n");
        code.Append("/// <summary>\n");
        code.Append($"/// Scores <see cref=\"{input}\"/> records with the model{Predicting(schema)} on ONNX Runtime (MlPipeline.Runtime).\n");
        code.Append(hasInterval
            ? $"/// The model gives a {IntervalLevel(metadata)}prediction interval: <see cref=\"Prediction.Lower\"/> and <see cref=\"Prediction.Upper\"/> are filled.\n"
            : "/// The model has no prediction interval: <see cref=\"Prediction.Lower\"/> and <see cref=\"Prediction.Upper\"/> are null.\n");
        code.Append("/// </summary>\n");
        code.Append("/// <remarks>Thread-safe: keep one instance for the life of the application and dispose it at the end.</remarks>\n");
        code.Append($"public sealed class {scorer} : IDisposable\n{{\n");
        code.Append("    /// <summary>The columns this code was generated for, in the training file's order.</summary>\n");
        code.Append("    public static readonly IReadOnlyList<string> Columns =\n    [\n");
        foreach (var field in schema.Fields) code.Append($"        {CSharpNames.Literal(field.Name)},\n");
        code.Append("    ];\n\n");
        code.Append("    private readonly OnnxModel _model;\n\n");
        code.Append("    /// <summary>Loads the model file (the <c>model.onnx</c> this code was generated from, or one trained on the same columns).</summary>\n");
        code.Append("    /// <param name=\"modelPath\">Path of <c>model.onnx</c>.</param>\n");
        code.Append("    /// <param name=\"options\">ONNX Runtime threads and how stray text in a number is read; null for the defaults.</param>\n");
        code.Append($"    /// <exception cref=\"ModelLoadException\">The file cannot be loaded, or the model needs a column that <see cref=\"{input}\"/> lacks.</exception>\n");
        code.Append($"    public {scorer}(string modelPath, OnnxModelOptions? options = null)\n    {{\n");
        code.Append("        _model = new OnnxModel(modelPath, options);\n");
        code.Append("        var missing = _model.Schema.Fields.Select(f => f.Name).FirstOrDefault(f => !Columns.Contains(f));\n");
        code.Append("        if (missing is not null)\n        {\n");
        code.Append("            _model.Dispose();\n");
        code.Append($"            throw new ModelLoadException(modelPath, $\"the model needs column '{{missing}}', which {input} lacks (generate the code again from this model)\");\n");
        code.Append("        }\n    }\n\n");
        code.Append("    /// <summary>Whether the model gives a prediction interval (<see cref=\"Prediction.Lower\"/> and <see cref=\"Prediction.Upper\"/>).</summary>\n");
        code.Append("    public bool HasInterval => _model.HasInterval;\n\n");
        code.Append("    /// <summary>The model's schema: its columns, their kinds, culture and missing markers.</summary>\n");
        code.Append("    public ModelSchema Schema => _model.Schema;\n\n");
        code.Append("    /// <summary>Predicts one record.</summary>\n");
        code.Append("    /// <exception cref=\"RecordValidationException\">A value cannot be read (a text that is not a number, a boolean or a date where one is needed).</exception>\n");
        code.Append($"    public Prediction Predict({input} input) => _model.ScoreObjects([input])[0];\n\n");
        code.Append("    /// <summary>Predicts records in one batch, one prediction per record, in order.</summary>\n");
        code.Append("    /// <exception cref=\"RecordValidationException\">A value cannot be read; the message names the record.</exception>\n");
        code.Append($"    public Prediction[] Predict(IEnumerable<{input}> inputs) => _model.ScoreObjects(inputs);\n\n");
        code.Append("    /// <inheritdoc/>\n");
        code.Append("    public void Dispose() => _model.Dispose();\n");
        code.Append("}\n");
        return code.ToString();
    }

    private static string Project(string ns, string runtimeVersion) =>
        $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <!-- Generated by mlpipeline codegen: the model's input record and scorer, over the MlPipeline.Runtime package. -->
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <RootNamespace>{ns}</RootNamespace>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <GenerateDocumentationFile>true</GenerateDocumentationFile>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="MlPipeline.Runtime" Version="{runtimeVersion}" />
          </ItemGroup>
        </Project>

        """;

    private static void Header(StringBuilder code, IReadOnlyDictionary<string, string> metadata)
    {
        var trainer = metadata.TryGetValue("mlpipeline.trainer", out var t) ? $", trainer {t}" : "";
        var trainedAt = metadata.TryGetValue("mlpipeline.trained_at", out var at) ? $", trained {at}" : "";
        code.Append($"// Generated by mlpipeline codegen from an MlPipeline model.onnx{trainer}{trainedAt}; generate it again rather than edit it.\n\n");
    }

    private static string Predicting(ModelSchema schema) =>
        schema.Label.Length > 0 ? $" predicting <c>{CSharpNames.Xml(schema.Label)}</c>" : "";

    private static string IntervalLevel(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("mlpipeline.interval", out var json)) return "";
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("level", out var level) && level.TryGetDouble(out var value)
                ? $"{(value * 100).ToString("0.##", CultureInfo.InvariantCulture)} % "
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string Describe(ModelField field, ModelSchema schema)
    {
        var culture = schema.CultureName.Length > 0 ? $" in culture {CSharpNames.Xml(schema.CultureName)}" : "";
        var text = field.Kind switch
        {
            FieldKind.Number => $"a number, fed to the model as float32{Range(field)}; null (or a missing marker in text) is missing.",
            FieldKind.Boolean => "yes/no, as true or false; null is missing.",
            FieldKind.Category => "a category, taken as its text (trimmed); a value not seen in training is allowed, and null is missing.",
            _ => $"a date{culture}, fed to the model as its parts {string.Join(", ", field.DateParts)}; null is missing.",
        };
        var inputs = field.Inputs.Count == 1 && field.Inputs[0] == field.Name
            ? ""
            : $" ONNX input{(field.Inputs.Count == 1 ? "" : "s")} {string.Join(", ", field.Inputs.Select(i => $"<c>{CSharpNames.Xml(i)}</c>"))}.";
        return text + inputs;
    }

    private static string Range(ModelField field) =>
        field.Min is { } min && field.Max is { } max
            ? $" (from {min.ToString("G6", CultureInfo.InvariantCulture)} to {max.ToString("G6", CultureInfo.InvariantCulture)} in training)"
            : "";
}
