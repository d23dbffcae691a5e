using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlPipeline.Runtime;

/// <summary>
/// An MlPipeline <c>model.onnx</c> loaded once and scored from raw records: dictionaries of strings, JSON objects,
/// CSV text, or objects of your own type (properties by field name). Each record is checked against the training
/// schema in the model's metadata; a bad one throws a <see cref="RecordValidationException"/> naming the record, the
/// field and the value. Each input's element type comes from the model itself (float32 or string), so booleans work
/// whether the model takes them as 1/0 numbers or as their words.
/// </summary>
/// <remarks>
/// Thread-safe: one <see cref="InferenceSession"/> serves every call; a batch builds its own input tensors, and a
/// single record borrows preallocated input and output tensors from a pool that never gives one set to two calls at
/// once, so one instance can score requests from many threads at once. Dispose it when done.
/// </remarks>
/// <example>
/// <code>
/// using var model = new OnnxModel("model.onnx");
/// var prediction = model.Score(new Dictionary&lt;string, string?&gt; { ["Gr_Liv_Area"] = "1656", ["Neighborhood"] = "North_Ames" });
/// Console.WriteLine(prediction.Score);
/// </code>
/// </example>
public sealed class OnnxModel : IDisposable
{
    /// <summary>The output every MlPipeline model has: the prediction.</summary>
    public const string ScoreOutput = "Score";

    /// <summary>The optional output holding the prediction interval's lower bound.</summary>
    public const string LowerOutput = "Lower";

    /// <summary>The optional output holding the prediction interval's upper bound.</summary>
    public const string UpperOutput = "Upper";

    private const int CsvChunk = 16_384;

    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly bool[] _isString;
    private readonly FieldBinding[] _bindings;
    private readonly string[] _outputs;
    private readonly RowBufferPool? _pool;

    /// <summary>Loads a model file.</summary>
    /// <exception cref="ModelLoadException">No such file, not an ONNX model, no <c>Score</c> output, or unreadable schema metadata.</exception>
    public OnnxModel(string path, OnnxModelOptions? options = null)
    {
        options ??= new OnnxModelOptions();
        if (!File.Exists(path)) throw new ModelLoadException(path, Directory.Exists(path) ? "is a directory, not a model file" : "model file not found");
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            _session = new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(path, $"not a loadable ONNX model: {e.Message.Split('\n')[0]}", e);
        }
        try
        {
            var inputs = SchemaMetadata.Inputs(_session, path);
            _inputNames = [.. inputs.Select(i => i.Name)];
            _isString = [.. inputs.Select(i => i.IsString)];
            Metadata = _session.ModelMetadata.CustomMetadataMap;
            var (schema, bindings) = SchemaMetadata.Bind(path, Metadata, inputs, options.UnparsableNumberIsMissing);
            Schema = schema;
            _bindings = [.. bindings];
            if (!_session.OutputMetadata.ContainsKey(ScoreOutput)) throw new ModelLoadException(path, $"the model has no '{ScoreOutput}' output");
            HasInterval = _session.OutputMetadata.ContainsKey(LowerOutput) && _session.OutputMetadata.ContainsKey(UpperOutput);
            _outputs = HasInterval ? [ScoreOutput, LowerOutput, UpperOutput] : [ScoreOutput];
            // Pooled buffers are only safe when every call writes every input, else a value would leak between calls.
            var written = _bindings.SelectMany(b => b.Targets.Select(t => t.Input)).ToHashSet();
            if (Enumerable.Range(0, _inputNames.Length).All(written.Contains))
            {
                var (session, names, isString, outputs) = (_session, _inputNames, _isString, _outputs);
                _pool = new RowBufferPool(() => new RowBuffers(session, names, isString, outputs));
            }
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The fields a record needs and how their text is read, from the model's training schema.</summary>
    public ModelSchema Schema { get; }

    /// <summary>The model's metadata properties (<c>mlpipeline.label</c>, <c>mlpipeline.trainer</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Whether the model gives a prediction interval (outputs <c>Lower</c> and <c>Upper</c>).</summary>
    public bool HasInterval { get; }

    /// <summary>Scores one record given as field name → raw text (a CSV cell; null or a missing marker is missing).</summary>
    /// <exception cref="RecordValidationException">A field is missing or its value cannot be read.</exception>
    public Prediction Score(IReadOnlyDictionary<string, string?> record) => Score([record])[0];

    /// <summary>Scores records given as field name → raw text, one prediction per record, in order. Extra keys are ignored.</summary>
    /// <exception cref="RecordValidationException">A record lacks a field or has a value that cannot be read.</exception>
    public Prediction[] Score(IEnumerable<IReadOnlyDictionary<string, string?>> records)
    {
        var list = records as IReadOnlyList<IReadOnlyDictionary<string, string?>> ?? [.. records];
        return Run(list.Count, (r, f) => list[r].TryGetValue(FieldName(f), out var v) ? Cell.OfText(v) : Cell.Absent, null, 0);
    }

    /// <summary>
    /// Scores a JSON array of objects (or one object), one prediction per object, in order. A value may be a string
    /// (read as a CSV cell), a number, true/false, or null (missing); extra properties are ignored.
    /// </summary>
    /// <exception cref="RecordValidationException">An element is not an object, lacks a field, or has a value that cannot be read.</exception>
    public Prediction[] ScoreJson(JsonElement records)
    {
        JsonElement[] list = records.ValueKind == JsonValueKind.Array ? [.. records.EnumerateArray()] : [records];
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i].ValueKind != JsonValueKind.Object) throw new RecordValidationException($"not a JSON object but {list[i].ValueKind.ToString().ToLowerInvariant()}", i);
        }
        return Run(list.Length, (r, f) => list[r].TryGetProperty(FieldName(f), out var v) ? ObjectRecords.FromJson(v) : Cell.Absent, null, 0);
    }

    /// <summary>
    /// Scores CSV text: a header row, then one record per row, read as <c>mlpipeline predict</c> reads a file (columns
    /// by header name, extra and reordered columns fine, the delimiter detected, quotes per RFC 4180).
    /// </summary>
    /// <exception cref="RecordValidationException">The header lacks a field, a row is ragged or malformed, or a value cannot be read.</exception>
    public Prediction[] ScoreCsv(TextReader csv)
    {
        var text = new CsvText(csv);
        var columns = new int[_bindings.Length];
        for (var f = 0; f < _bindings.Length; f++)
        {
            var name = _bindings[f].Field.Name;
            columns[f] = IndexOf(text.Header, name);
            if (columns[f] < 0) throw new RecordValidationException("required column is missing from the header", null, 1, name);
        }
        var results = new List<Prediction>();
        var rows = new List<string[]>(CsvChunk);
        var lines = new List<long>(CsvChunk);
        var done = false;
        while (!done)
        {
            rows.Clear();
            lines.Clear();
            while (rows.Count < CsvChunk && !(done = !text.TryRead(out var fields, out var line)))
            {
                rows.Add(fields);
                lines.Add(line);
            }
            if (rows.Count == 0) break;
            var offset = results.Count;
            results.AddRange(Run(rows.Count, (r, f) => Cell.OfText(rows[r][columns[f]]), lines, offset));
        }
        return [.. results];
    }

    /// <summary>
    /// Scores objects of your own type: each field is read from the public property of that name (ignoring case, or
    /// named by <c>[JsonPropertyName]</c>); strings are read as CSV cells, numbers, booleans and dates as they are,
    /// null is missing.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> has no property for one of the model's fields.</exception>
    /// <exception cref="RecordValidationException">A value cannot be read.</exception>
    public Prediction[] ScoreObjects<T>(IEnumerable<T> records)
    {
        var list = records as IReadOnlyList<T> ?? [.. records];
        var properties = _bindings.Select(b => ObjectRecords.Property(typeof(T), b.Field.Name)).ToArray();
        return Run(list.Count, (r, f) => ObjectRecords.FromObject(properties[f].GetValue(list[r])), null, 0);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _pool?.Dispose();
        _session.Dispose();
    }

    private string FieldName(int field) => _bindings[field].Field.Name;

    private Prediction[] Run(int count, Func<int, int, Cell> cell, IReadOnlyList<long>? lines, int firstRecord)
    {
        if (count == 0) return [];
        if (count == 1 && _pool is not null) return [RunOne(cell, lines?[0], firstRecord)];
        var columns = new Array[_inputNames.Length];
        for (var i = 0; i < columns.Length; i++) columns[i] = _isString[i] ? new string[count] : new float[count];
        for (var r = 0; r < count; r++)
        {
            for (var f = 0; f < _bindings.Length; f++)
            {
                _bindings[f].Write(cell(r, f), columns, r, firstRecord + r, lines?[r]);
            }
        }
        var values = new List<OrtValue>(columns.Length);
        try
        {
            for (var i = 0; i < columns.Length; i++)
            {
                values.Add(columns[i] is string[] s
                    ? OrtValue.CreateFromStringTensor(new DenseTensor<string>(s, [count, 1]))
                    : OrtValue.CreateTensorValueFromMemory((float[])columns[i], [count, 1]));
            }
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, _inputNames, values, _outputs);
            var scores = outputs[0].GetTensorDataAsSpan<float>();
            var predictions = new Prediction[count];
            if (HasInterval)
            {
                var lower = outputs[1].GetTensorDataAsSpan<float>();
                var upper = outputs[2].GetTensorDataAsSpan<float>();
                for (var r = 0; r < count; r++) predictions[r] = new Prediction(scores[r], lower[r], upper[r]);
            }
            else
            {
                for (var r = 0; r < count; r++) predictions[r] = new Prediction(scores[r]);
            }
            return predictions;
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    private Prediction RunOne(Func<int, int, Cell> cell, long? line, int record)
    {
        var buffers = _pool!.Rent();
        try
        {
            for (var f = 0; f < _bindings.Length; f++) _bindings[f].Write(cell(0, f), buffers.Columns, 0, record, line);
            Span<float> results = stackalloc float[3];
            buffers.Run(_session, results);
            return HasInterval ? new Prediction(results[0], results[1], results[2]) : new Prediction(results[0]);
        }
        finally
        {
            _pool.Return(buffers);
        }
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++) if (header[i] == name) return i;
        return -1;
    }
}
