using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx.Inputs;

namespace MlPipeline.Onnx.Scoring;

/// <summary>
/// Scores with ONNX Runtime: one <see cref="InferenceSession"/> reused for every call, inputs passed as
/// <see cref="OrtValue"/> tensors of shape [N, 1] by column name, output <c>Score</c>.
/// </summary>
internal sealed class OnnxScorer : IDisposable
{
    /// <summary>Metadata key holding the input schema (the <see cref="DataSchema"/> as JSON).</summary>
    public const string SchemaKey = "mlpipeline.schema";

    private readonly InferenceSession _session;

    /// <summary>Opens a model file.</summary>
    /// <exception cref="DataValidationException">No such file, or not an ONNX model.</exception>
    public OnnxScorer(string path, bool singleRow = false)
    {
        if (!File.Exists(path)) throw new DataValidationException("model file not found", path);
        // One thread for single rows (no hand-off cost); the cores for batches.
        var options = new SessionOptions { IntraOpNumThreads = singleRow ? 1 : Environment.ProcessorCount, InterOpNumThreads = 1 };
        try
        {
            _session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DataValidationException($"not a loadable ONNX model: {e.Message.Split('\n')[0]}", path);
        }
        Schema = _session.ModelMetadata.CustomMetadataMap.TryGetValue(SchemaKey, out var json) ? DataSchema.FromJson(json, $"{path} (metadata {SchemaKey})") : null;
    }

    /// <summary>The schema the model was trained with, from its metadata; null for a model from elsewhere.</summary>
    public DataSchema? Schema { get; }

    /// <summary>The model's metadata properties.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _session.ModelMetadata.CustomMetadataMap;

    /// <summary>Scores every row of a CSV file in order, reading it with the model's schema (extra and reordered columns are fine).</summary>
    public float[] Score(string csvPath) =>
        Score(CsvDataLoader.Load(csvPath, Schema ?? throw new DataValidationException("the model carries no MlPipeline schema; pass columns instead", csvPath), LoadMode.Scoring));

    /// <summary>Whether the model has the prediction interval's outputs <c>Lower</c> and <c>Upper</c>.</summary>
    public bool HasInterval => _session.OutputNames.Contains(ColumnNames.Lower) && _session.OutputNames.Contains(ColumnNames.Upper);

    /// <summary>Scores the rows of <paramref name="data"/>, whose columns are found by the model's input names.</summary>
    public float[] Score(IDataView data) => Score(Columns(data));

    /// <summary>Scores the rows of <paramref name="data"/>, with <c>Lower</c> and <c>Upper</c> when the model has them.</summary>
    public Predictions Predict(IDataView data) => Predict(Columns(data));

    /// <summary>
    /// The model's inputs read from <paramref name="data"/> by name, as raw cells: float[] for numbers, string[]
    /// for categories, and for a boolean loaded as 1/0/NaN its word (<see cref="RawInputs.BooleanCell"/>).
    /// </summary>
    public Dictionary<string, Array> Columns(IDataView data)
    {
        var columns = new Dictionary<string, Array>();
        foreach (var (name, meta) in _session.InputMetadata)
        {
            var column = data.Schema.GetColumnOrNull(name) ?? throw new DataValidationException($"the model needs input column '{name}', which the data lacks");
            columns[name] = meta.ElementDataType != TensorElementType.String ? data.GetColumn<float>(column).ToArray()
                : column.Type is TextDataViewType ? data.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).ToArray()
                : data.GetColumn<float>(column).Select(v => RawInputs.BooleanCell(v)).ToArray();
        }
        return columns;
    }

    /// <summary>
    /// Scores rows given as one array per input: float[] for numbers, string[] for booleans and categories (the
    /// cells as they are); a float[] given for a boolean input is taken as the pipeline loads it, 1/0/NaN.
    /// </summary>
    public float[] Score(IReadOnlyDictionary<string, Array> columns) => Predict(columns).Score;

    /// <summary>Scores rows given as one array per input (as <see cref="Score(IReadOnlyDictionary{string, Array})"/>), with <c>Lower</c> and <c>Upper</c> when the model has them.</summary>
    public Predictions Predict(IReadOnlyDictionary<string, Array> columns)
    {
        var names = _session.InputNames.ToList();
        var rows = columns.Count == 0 ? 0 : columns.Values.First().Length;
        var inputs = new List<OrtValue>();
        try
        {
            foreach (var name in names)
            {
                if (!columns.TryGetValue(name, out var values)) throw new DataValidationException($"the model needs input column '{name}', which is missing");
                inputs.Add(values switch
                {
                    float[] f when _session.InputMetadata[name].ElementDataType == TensorElementType.String => Strings([.. f.Select(v => RawInputs.BooleanCell(v))]),
                    float[] f => OrtValue.CreateTensorValueFromMemory(f, [f.Length, 1]),
                    string[] s => Strings(s),
                    _ => throw new ArgumentException($"column '{name}' must be float[] or string[]"),
                });
            }
            using var options = new RunOptions();
            string[] wanted = HasInterval ? [ColumnNames.Score, ColumnNames.Lower, ColumnNames.Upper] : [ColumnNames.Score];
            using var outputs = _session.Run(options, names, inputs, wanted);
            var results = outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToList();
            return new Predictions(results[0], HasInterval ? results[1] : null, HasInterval ? results[2] : null);
        }
        finally
        {
            foreach (var value in inputs) value.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _session.Dispose();

    private static OrtValue Strings(string[] values) => OrtValue.CreateFromStringTensor(new DenseTensor<string>(values, [values.Length, 1]));
}
