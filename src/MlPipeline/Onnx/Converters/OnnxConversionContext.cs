using Microsoft.ML;
using MlPipeline.Onnx.Graph;
using Onnx;

namespace MlPipeline.Onnx.Converters;

/// <summary>What converters share while a chain is converted: the graph, and which ONNX value holds each ML.NET column.</summary>
internal sealed class OnnxConversionContext(OnnxGraphBuilder graph, MLContext ml)
{
    private readonly Dictionary<string, (string Name, long Width)> _columns = new(StringComparer.Ordinal);

    public OnnxGraphBuilder Graph { get; } = graph;

    public MLContext Ml { get; } = ml;

    /// <summary>The ML.NET schema the current transformer reads.</summary>
    public DataViewSchema Schema { get; set; } = new DataViewSchema.Builder().ToSchema();

    /// <summary>The ONNX value holding ML.NET column <paramref name="column"/>.</summary>
    public (string Name, long Width) Column(string column) =>
        _columns.TryGetValue(column, out var value) ? value : throw new OnnxConversionException($"column '{column}' has no ONNX value yet");

    /// <summary>Records that ML.NET column <paramref name="column"/> is now ONNX value <paramref name="name"/>.</summary>
    public void Set(string column, string name, long width) => _columns[column] = (name, width);

    /// <summary>Casts a float tensor to double, or back.</summary>
    public string Cast(string input, TensorProto.Types.DataType to) =>
        Graph.AddNode("Cast", [input], attributes: OnnxGraphBuilder.Int("to", (long)to));
}
