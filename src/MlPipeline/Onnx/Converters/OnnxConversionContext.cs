using Microsoft.ML;
using MlPipeline.Onnx.Graph;
using Onnx;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// What converters share while a chain is converted: the graph and the opset it is written for, and which ONNX
/// value holds each ML.NET column (at first the raw inputs).
/// </summary>
internal sealed class OnnxConversionContext
{
    private readonly Dictionary<string, (string Name, long Width)> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<SlotOrigin?>> _origins = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<(string Column, string Value)> _inputs;
    private readonly DataViewSchema _rawSchema;

    /// <summary>A context whose columns are the graph's raw <paramref name="inputs"/>, [N,1] each, typed as <paramref name="rawSchema"/>.</summary>
    public OnnxConversionContext(
        OnnxGraphBuilder graph, MLContext ml, OnnxOpset opset, IReadOnlyList<(string Column, string Value)> inputs, DataViewSchema rawSchema)
    {
        Graph = graph;
        Ml = ml;
        Opset = opset;
        _inputs = inputs;
        _rawSchema = rawSchema;
        Schema = rawSchema;
        foreach (var (column, value) in inputs) Set(column, value, 1);
    }

    public OnnxGraphBuilder Graph { get; }

    public MLContext Ml { get; }

    /// <summary>The versions the graph is written for; every converter's nodes must exist in them.</summary>
    public OnnxOpset Opset { get; }

    /// <summary>The ML.NET schema the current transformer reads.</summary>
    public DataViewSchema Schema { get; set; }

    /// <summary>A fresh context over the same graph and raw inputs, for another pipeline converted into this graph.</summary>
    public OnnxConversionContext ForPipeline() => new(Graph, Ml, Opset, _inputs, _rawSchema);

    /// <summary>The ONNX value holding ML.NET column <paramref name="column"/>.</summary>
    public (string Name, long Width) Column(string column) =>
        _columns.TryGetValue(column, out var value) ? value : throw new OnnxConversionException($"column '{column}' has no ONNX value yet");

    /// <summary>Records that ML.NET column <paramref name="column"/> is now ONNX value <paramref name="name"/>.</summary>
    public void Set(string column, string name, long width) => _columns[column] = (name, width);

    /// <summary>
    /// What each slot of ONNX value <paramref name="value"/> is in terms of a width-1 value (see <see cref="SlotOrigin"/>),
    /// null for a slot nothing is known of; a width-1 value with no recorded origin is its own source.
    /// </summary>
    public IReadOnlyList<SlotOrigin?> Origins(string value, long width) =>
        _origins.TryGetValue(value, out var origins) ? origins
        : width == 1 ? [SlotOrigin.Of(value)]
        : new SlotOrigin?[width];

    /// <summary>Records what each slot of ONNX value <paramref name="value"/> is.</summary>
    public void SetOrigins(string value, IReadOnlyList<SlotOrigin?> origins) => _origins[value] = origins;

    /// <summary>Casts a float tensor to double, or back.</summary>
    public string Cast(string input, TensorProto.Types.DataType to) =>
        Graph.AddNode("Cast", [input], attributes: OnnxGraphBuilder.Int("to", (long)to));
}
