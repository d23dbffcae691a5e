using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Onnx;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Onnx;

public sealed class OnnxExporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in TrainerRegistry.Default.Names)
        {
            data.Add(name, "MeanVariance");
        }
        data.Add("fasttree", "MinMax");
        data.Add("sdca", "Robust");
        data.Add("ridge", "Standard");
        return data;
    }

    /// <summary>Rows the training data never had: unseen and missing categories, NaN cells, extreme values, one row alone.</summary>
    private string HardRows() => _dir.Write("hard.csv",
        "x1,x2,x3,city,flag\n" +
        "0.5,,1,zzz,yes\n" +
        "-1e6,3,NaN,,no\n" +
        "1e6,-1e6,0,b,\n" +
        "0,0,0,a,yes\n");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Export_Matches_MlNet_On_Held_Out_And_Hard_Rows(string trainer, string scaler)
    {
        // Given: a fitted pipeline
        var (ml, chain, schema, plan, _) = ExportedModels.Fit(_dir, trainer, Enum.Parse<ScalerKind>(scaler));
        var heldOut = CsvDataLoader.Load(_dir.Write("test.csv", SyntheticData.Csv(100, seed: 2)), schema, LoadMode.Training);

        // When
        var report = OnnxExporter.Export(ml, chain, schema, plan, _dir.File("model.onnx"), heldOut, new Dictionary<string, string> { ["trainer"] = trainer });

        // Then: parity on held-out rows, and on rows with unseen categories, NaNs and extremes, one at a time too
        Assert.True(report.Parity.Passed, $"{trainer}: {report.Parity}");
        using var scorer = new OnnxScorer(report.Path);
        var hard = CsvDataLoader.Load(HardRows(), schema, LoadMode.Scoring);
        var expected = chain.Transform(hard).GetColumn<float>("Score").ToArray();
        var actual = scorer.Score(hard);
        var scale = report.Parity.LabelScale;
        for (var i = 0; i < expected.Length; i++)
        {
            var same = expected[i] == actual[i] || Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale + 1e-6 * Math.Abs(expected[i]);
            Assert.True(same, $"{trainer} row {i}: ML.NET {expected[i]}, ONNX {actual[i]}");
        }
        var single = scorer.Score(new Dictionary<string, Array>
        {
            ["x1"] = new[] { 0.5f }, ["x2"] = new[] { float.NaN }, ["x3"] = new[] { 1f }, ["city"] = new[] { "zzz" }, ["flag"] = new[] { 1f },
        });
        Assert.Equal(actual[0], single[0], 3);
        Assert.Equal("trainer", scorer.Metadata.Keys.First(k => k == "trainer"));
        Assert.Equal(schema.ToJson(), scorer.Schema!.ToJson());
    }

    [Fact]
    public void Gam_Exports_When_Some_Features_Have_No_Shape_Function()
    {
        // Given: GAM on the repository's Ames data, where rare one-hot slots get no shape function
        var ml = new MLContext(seed: 1);
        var ames = RepositoryFiles.Path("data/ames.csv");
        var schema = new SchemaInferrer().Infer(ames, "Sale_Price");
        var rows = ml.Data.Cache(ml.Data.TakeRows(CsvDataLoader.Load(ames, schema, LoadMode.Training), 800));
        var plan = PreprocessingPlanner.Plan(schema, rows, new PreprocessingOptions());
        var gam = TrainerRegistry.Default.Get("gam");
        var chain = PreprocessingChainBuilder.Build(ml, plan)
            .Append(gam.CreateEstimator(ml, new TrainerInput("Sale_Price", ColumnNames.Features, 1, 800), gam.Defaults.With("iterations", 200))).Fit(rows);

        // When
        var report = OnnxExporter.Export(ml, chain, schema, plan, _dir.File("gam.onnx"), rows, new Dictionary<string, string>());

        // Then
        Assert.True(report.Parity.Passed, report.Parity.ToString());
    }

    [Fact]
    public void A_Step_Without_Converter_Fails_The_Export_Naming_It()
    {
        var (ml, _, schema, plan, train) = ExportedModels.Fit(_dir, "sdca");
        var chain = ml.Transforms.Text.FeaturizeText("words", "city").Fit(train);

        var e = Assert.Throws<OnnxConversionException>(() =>
            OnnxExporter.Convert(ml, new TransformerChain<ITransformer>(chain, chain), schema, plan, new Dictionary<string, string>()));

        Assert.StartsWith("no ONNX converter for pipeline step", e.Message);
        Assert.Contains("Transformer (15 registered: ColumnConcatenatingTransformer", e.Message);
    }

    [Fact]
    public void Export_Loads_In_MlNet_ApplyOnnxModel()
    {
        var (ml, chain, schema, plan, train) = ExportedModels.Fit(_dir, "lightgbm", rows: 300);
        var report = OnnxExporter.Export(ml, chain, schema, plan, _dir.File("m.onnx"), train, new Dictionary<string, string>());

        // The flag column as its raw cells (yes/no words), as the model takes it
        using var scorer = new OnnxScorer(report.Path);
        var raw = InMemoryTable.FromColumns(scorer.Columns(train));
        var onnx = ml.Transforms.ApplyOnnxModel(["Score"], ["x1", "x2", "x3", "city", "flag"], report.Path).Fit(raw);
        var viaMlNet = onnx.Transform(raw).GetColumn<float[]>("Score").Select(s => s[0]).ToArray();

        Assert.Equal(chain.Transform(train).GetColumn<float>("Score").ToArray(), viaMlNet, (a, b) => Math.Abs(a - b) < 1e-2);
    }

    [Fact]
    public void The_Schema_Metadata_Says_What_Each_Input_Takes_And_Still_Reads_As_A_Schema()
    {
        // Given
        var (ml, chain, schema, plan, train) = ExportedModels.Fit(_dir, "sdca", rows: 200, withYesNo: true);

        // When
        var report = OnnxExporter.Export(ml, chain, schema, plan, _dir.File("m.onnx"), train, new Dictionary<string, string>());

        // Then: each input's kind and tensor type, the boolean words, and the schema fields old readers parse
        using var scorer = new OnnxScorer(report.Path);
        using var json = System.Text.Json.JsonDocument.Parse(scorer.Metadata[OnnxScorer.SchemaKey]);
        var inputs = json.RootElement.GetProperty("onnxInputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal(["x1", "x2", "x3", "city", "flag", ExportedModels.YesNoColumn], inputs.Keys);
        Assert.Equal(("number", "float32"), Kind(inputs["x2"]));
        Assert.Equal(("category", "string"), Kind(inputs["city"]));
        Assert.Equal(("boolean", "string"), Kind(inputs["flag"]));
        Assert.Equal(("boolean", "string"), Kind(inputs[ExportedModels.YesNoColumn]));
        Assert.Equal(CellParser.TrueTokens, inputs["flag"].GetProperty("true").EnumerateArray().Select(w => w.GetString()!));
        Assert.Equal(CellParser.FalseTokens, inputs["flag"].GetProperty("false").EnumerateArray().Select(w => w.GetString()!));
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(report.Path);
        Assert.All(inputs, i => Assert.Equal(Kind(i.Value).Type == "string", session.InputMetadata[i.Key].ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.String));
        Assert.Equal(schema.ToJson(), scorer.Schema!.ToJson());
    }

    [Fact]
    public void Boolean_Inputs_Take_The_Readers_Words_In_Any_Case_And_Anything_Else_As_Missing()
    {
        // Given: a model whose flag (yes/no) and garage (Y/N) columns are booleans
        var (ml, chain, schema, plan, train) = ExportedModels.Fit(_dir, "sdca", rows: 200, withYesNo: true);
        var report = OnnxExporter.Export(ml, chain, schema, plan, _dir.File("m.onnx"), train, new Dictionary<string, string>());
        using var scorer = new OnnxScorer(report.Path);
        float Score(string flag, string garage) => scorer.Score(new Dictionary<string, Array>
        {
            ["x1"] = new[] { 0.5f }, ["x2"] = new[] { 1f }, ["x3"] = new[] { 1f }, ["city"] = new[] { "a" },
            ["flag"] = new[] { flag }, [ExportedModels.YesNoColumn] = new[] { garage },
        })[0];

        // When / Then: every true word scores as "yes"/"Y", every false word as "no"/"N", in any case
        foreach (var word in CellParser.TrueTokens.SelectMany(w => new[] { w, w.ToUpperInvariant() }))
        {
            Assert.Equal(Score("yes", "Y"), Score(word, word));
        }
        foreach (var word in CellParser.FalseTokens.SelectMany(w => new[] { w, w.ToUpperInvariant() }))
        {
            Assert.Equal(Score("no", "N"), Score(word, word));
        }
        Assert.NotEqual(Score("yes", "Y"), Score("no", "N"));
        // And: an unknown word, a missing marker and an empty cell are the missing boolean ML.NET imputes
        var missing = CsvDataLoader.Load(_dir.Write("missing.csv", $"x1,x2,x3,city,flag,{ExportedModels.YesNoColumn}\n0.5,1,1,a,,\n"), schema, LoadMode.Scoring);
        var expected = chain.Transform(missing).GetColumn<float>(ColumnNames.Score).Single();
        foreach (var cell in new[] { "", "maybe", "NA", "yess" })
        {
            Assert.Equal(expected, Score(cell, cell), 1e-4f);
        }
    }

    private static (string Kind, string Type) Kind(System.Text.Json.JsonElement input) =>
        (input.GetProperty("kind").GetString()!, input.GetProperty("type").GetString()!);
}
