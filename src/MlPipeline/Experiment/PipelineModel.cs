using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using System.Text.Json;
using MlPipeline.Data;
using MlPipeline.Experiment.Explanations;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Ensembles;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Experiment;

/// <summary>
/// A fitted pipeline — preprocessing and regressor as one ML.NET <see cref="ITransformer"/> — with the schema
/// that reads new CSV files for it. Saved as an ML.NET model zip that also carries <c>MlPipeline/schema.json</c>,
/// so <c>MLContext.Model.Load</c> opens it too; a neural regressor's weights are extra entries that
/// <see cref="NeuralModelPersistence.Load(MLContext, string, out DataViewSchema)"/> adds back. An ensemble keeps its
/// heaviest member in ML.NET's entries and every member as a nested zip under <c>MlPipelineEnsemble/</c>. A calibrated
/// prediction interval is the entry <c>MlPipeline/interval.json</c>; a model file without it loads with no interval.
/// </summary>
public sealed class PipelineModel
{
    /// <summary>Zip entry holding the schema.</summary>
    public const string SchemaEntry = "MlPipeline/schema.json";

    /// <summary>Zip entry holding the prediction interval, when the model has one.</summary>
    public const string IntervalEntry = "MlPipeline/interval.json";

    /// <summary>Zip entry holding a single model's preprocessing plan (an ensemble's members keep theirs), for explanations.</summary>
    public const string PlanEntry = "MlPipeline/plan.json";

    /// <summary>
    /// Zip entry holding the explanations' background: a random sample of about 200 training rows, as loaded, in
    /// ML.NET's binary data format.
    /// </summary>
    public const string ReferenceEntry = "MlPipeline/reference.idv";

    private readonly MLContext _ml;

    /// <summary>Wraps a fitted transformer and the schema of the data it was fitted on.</summary>
    public PipelineModel(MLContext ml, ITransformer transformer, DataSchema schema)
    {
        _ml = ml;
        Transformer = transformer;
        Schema = schema;
    }

    /// <summary>The fitted chain: raw loaded columns in, <c>Score</c> out.</summary>
    public ITransformer Transformer { get; }

    /// <summary>How to read CSV files for this model.</summary>
    public DataSchema Schema { get; }

    /// <summary>The calibrated prediction interval around <c>Score</c>; null when the model has none.</summary>
    public PredictionInterval? Interval { get; init; }

    /// <summary>The preprocessing plan of a single model; null for an ensemble or a model file from before explanations.</summary>
    internal PreprocessingPlan? Plan { get; init; }

    /// <summary>The explanations' background rows (loaded columns); null in a model file from before explanations.</summary>
    internal IDataView? ReferenceRows { get; init; }

    /// <summary>The explainer of this model's predictions by input column.</summary>
    /// <exception cref="DataValidationException">The model file predates explanations (it holds no background rows).</exception>
    internal ModelExplainer Explainer(int seed = 0) => ModelExplainer.Create(Transformer, Plan, Schema,
        ReferenceRows ?? throw new DataValidationException("this model file holds no explanation background (written before explanations); train it again"), seed);

    /// <summary>The network of a neural model (of an ensemble: of its heaviest neural member), whose training curve and diagnosis are reported; null when there is none.</summary>
    public NeuralRegressionTransformer? Network => Networks.FirstOrDefault();

    /// <summary>Every network in the model, an ensemble's heaviest member first.</summary>
    public IEnumerable<NeuralRegressionTransformer> Networks =>
        (Transformer is EnsembleTransformer ensemble ? ensemble.Members.SelectMany(m => TransformerChains.Flatten(m.Chain)) : TransformerChains.Flatten(Transformer))
        .OfType<NeuralRegressionTransformer>();

    /// <summary>The ensemble when the model is one, else null.</summary>
    public EnsembleTransformer? Ensemble => Transformer as EnsembleTransformer;

    /// <summary>Scores every row of a CSV file, in file order; the label column may be present or absent.</summary>
    /// <exception cref="DataValidationException">The file is unreadable or lacks a column the model needs.</exception>
    public float[] Score(string csvPath) => Score(Load(csvPath, LoadMode.Scoring));

    /// <summary>Scores rows given as one array per loaded column (float[] for numbers, booleans and date parts; string[] for categories).</summary>
    public float[] Score(IReadOnlyDictionary<string, Array> columns) => Score(InMemoryTable.FromColumns(columns));

    /// <summary>Scores the rows of a view produced by <see cref="Load(string, LoadMode)"/>.</summary>
    public float[] Score(IDataView data) => Transformer.Transform(data).GetColumn<float>(ColumnNames.Score).ToArray();

    /// <summary>Scores every row of a CSV file, in file order, with the interval's <c>Lower</c> and <c>Upper</c> when the model has one.</summary>
    /// <exception cref="DataValidationException">The file is unreadable or lacks a column the model needs.</exception>
    public Predictions Predict(string csvPath) => Predict(Load(csvPath, LoadMode.Scoring));

    /// <summary>Scores the rows of a view produced by <see cref="Load(string, LoadMode)"/>, with the interval when the model has one.</summary>
    public Predictions Predict(IDataView data) => Predictions.Of(Score(data), Interval);

    /// <summary>Reads a CSV file with this model's schema.</summary>
    public IDataView Load(string csvPath, LoadMode mode) => new CsvDataView(csvPath, Schema, mode);

    /// <summary>Saves to <paramref name="path"/> (an ML.NET zip plus the schema entry).</summary>
    public void Save(string path)
    {
        var scoringSchema = new CsvDataView.SchemaOnly(Schema).Schema;
        if (Transformer is EnsembleTransformer ensemble) EnsemblePersistence.Save(_ml, ensemble, scoringSchema, path);
        else NeuralModelPersistence.Save(_ml, Transformer, scoringSchema, path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.CreateEntry(SchemaEntry);
        using (var writer = new StreamWriter(entry.Open())) writer.Write(Schema.ToJson());
        if (Plan is not null)
        {
            using var planWriter = new StreamWriter(zip.CreateEntry(PlanEntry).Open());
            planWriter.Write(JsonSerializer.Serialize(Plan, JsonDefaults.Options));
        }
        if (ReferenceRows is not null)
        {
            using var stream = zip.CreateEntry(ReferenceEntry).Open();
            _ml.Data.SaveAsBinary(ReferenceRows, stream, keepHidden: false);
        }
        if (Interval is null) return;
        using var intervalWriter = new StreamWriter(zip.CreateEntry(IntervalEntry).Open());
        intervalWriter.Write(Interval.ToJson());
    }

    /// <summary>Loads a model written by <see cref="Save"/>; <paramref name="path"/> may be the zip or its directory.</summary>
    /// <exception cref="DataValidationException">No model there, or not one of ours.</exception>
    public static PipelineModel Load(MLContext ml, string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "model.zip") : path;
        if (!File.Exists(file)) throw new DataValidationException("model file not found", file);
        ModelArchive.Verify(file);
        DataSchema schema;
        PredictionInterval? interval = null;
        PreprocessingPlan? plan = null;
        IDataView? reference = null;
        try
        {
            using var zip = ZipFile.OpenRead(file);
            var entry = zip.GetEntry(SchemaEntry) ?? throw new DataValidationException($"not an MlPipeline model (no {SchemaEntry})", file);
            using (var reader = new StreamReader(entry.Open())) schema = DataSchema.FromJson(reader.ReadToEnd(), $"{file} (entry {SchemaEntry})");
            // Model files from before intervals have no such entry and load without one.
            if (zip.GetEntry(IntervalEntry) is { } stored)
            {
                using var reader = new StreamReader(stored.Open());
                interval = PredictionInterval.FromJson(reader.ReadToEnd(), $"{file} (entry {IntervalEntry})");
            }
            // Model files from before explanations have neither and load without an explainer.
            if (zip.GetEntry(PlanEntry) is { } storedPlan)
            {
                using var reader = new StreamReader(storedPlan.Open());
                plan = JsonSerializer.Deserialize<PreprocessingPlan>(reader.ReadToEnd(), JsonDefaults.Options);
            }
            if (zip.GetEntry(ReferenceEntry) is { } storedRows) reference = ReadRows(ml, storedRows);
        }
        catch (InvalidDataException)
        {
            throw new DataValidationException("not a model zip file", file);
        }
        RegisterTrainerAssemblies(ml);
        ITransformer transformer;
        try
        {
            transformer = (ITransformer?)EnsemblePersistence.Load(ml, file) ?? NeuralModelPersistence.Load(ml, file, out _);
        }
        catch (Exception e) when (e is not DataValidationException and not OutOfMemoryException)
        {
            // Every entry read back intact, so what is wrong is what was written in one: ML.NET names it, we name the file.
            throw new DataValidationException($"the model in it cannot be loaded: {e.Message.Split('\n')[0]}", file);
        }
        return new PipelineModel(ml, transformer, schema) { Interval = interval, Plan = plan, ReferenceRows = reference };
    }

    /// <summary>Rows saved in ML.NET's binary format, read into memory (the loader needs a seekable file).</summary>
    private static InMemoryTable ReadRows(MLContext ml, ZipArchiveEntry entry)
    {
        var temp = Path.GetTempFileName();
        try
        {
            using (var stream = entry.Open())
            using (var copy = File.Create(temp)) stream.CopyTo(copy);
            return InMemoryTable.From(ml.Data.LoadFromBinary(temp));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Makes ML.NET's loader find the trainer types that live outside its core assembly.</summary>
    internal static void RegisterTrainerAssemblies(MLContext ml)
    {
        ml.ComponentCatalog.RegisterAssembly(typeof(FastTreeRegressionModelParameters).Assembly);
        ml.ComponentCatalog.RegisterAssembly(typeof(LightGbmRegressionModelParameters).Assembly);
    }
}
