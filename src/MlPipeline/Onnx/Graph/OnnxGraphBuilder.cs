using Google.Protobuf;
using Onnx;

namespace MlPipeline.Onnx.Graph;

/// <summary>
/// Builds an ONNX graph: unique names, typed inputs and outputs, initializers and nodes; the versions it is written
/// for are the <see cref="OnnxOpset"/> given to <see cref="Build"/>. Standard domains only.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The <c>ai.onnx.ml</c> domain name.</summary>
    public const string MlDomain = "ai.onnx.ml";

    private readonly GraphProto _graph = new() { Name = "mlpipeline" };
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>A name not used yet, based on <paramref name="hint"/>.</summary>
    public string UniqueName(string hint)
    {
        var name = hint;
        for (var i = 1; !_names.Add(name); i++) name = $"{hint}_{i}";
        return name;
    }

    /// <summary>Declares a graph input of shape [N, width] (N symbolic) and returns its name.</summary>
    public string AddInput(string name, TensorProto.Types.DataType type, long width = 1)
    {
        if (!_names.Add(name)) throw new OnnxConversionException($"input name '{name}' is used twice");
        _graph.Input.Add(ValueInfo(name, type, width));
        return name;
    }

    /// <summary>Declares <paramref name="name"/> a graph output of shape [N, width].</summary>
    public void AddOutput(string name, TensorProto.Types.DataType type, long width = 1) => _graph.Output.Add(ValueInfo(name, type, width));

    /// <summary>Adds a float initializer of the given shape and returns its name.</summary>
    public string AddFloats(string hint, IEnumerable<float> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = UniqueName(hint), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds an int64 initializer of the given shape and returns its name.</summary>
    public string AddInt64s(string hint, IEnumerable<long> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = UniqueName(hint), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node; returns its single output's name (or the first one when several are given).</summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, string? output = null, string domain = "",
        IReadOnlyList<string>? extraOutputs = null, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = UniqueName(opType), Domain = domain };
        node.Input.AddRange(inputs);
        output ??= UniqueName(opType.ToLowerInvariant());
        node.Output.Add(output);
        if (extraOutputs is not null) node.Output.AddRange(extraOutputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>
    /// The finished model for <paramref name="opset"/>, with its metadata and doc string. Nodes and initializers no output
    /// depends on are dropped (a tree that splits on the raw inputs leaves the scaling nodes unused); inputs all stay.
    /// </summary>
    public ModelProto Build(OnnxOpset opset, IReadOnlyDictionary<string, string> metadata, string docString)
    {
        Prune();
        var model = new ModelProto
        {
            IrVersion = opset.IrVersion,
            ProducerName = "MlPipeline",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "1.0",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset.Onnx });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = MlDomain, Version = opset.OnnxMl });
        foreach (var (key, value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    /// <summary>An attribute holding an int64.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An attribute holding a float.</summary>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>An attribute holding a string.</summary>
    public static AttributeProto String(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An attribute holding int64s.</summary>
    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>An attribute holding floats.</summary>
    public static AttributeProto Floats(string name, IEnumerable<float> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.AddRange(values);
        return a;
    }

    /// <summary>An attribute holding a double tensor of shape [count] (the <c>*_as_tensor</c> attributes of <c>ai.onnx.ml</c> 3).</summary>
    public static AttributeProto Doubles(string name, IReadOnlyCollection<double> values)
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Double };
        tensor.Dims.Add(values.Count);
        tensor.DoubleData.AddRange(values);
        return new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = tensor };
    }

    /// <summary>An attribute holding strings.</summary>
    public static AttributeProto Strings(string name, IEnumerable<string> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }

    private void Prune()
    {
        var needed = new HashSet<string>(_graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        var kept = new List<NodeProto>();
        for (var i = _graph.Node.Count - 1; i >= 0; i--)
        {
            var node = _graph.Node[i];
            if (!node.Output.Any(needed.Contains)) continue;
            kept.Add(node);
            needed.UnionWith(node.Input);
        }
        kept.Reverse();
        _graph.Node.Clear();
        _graph.Node.AddRange(kept);
        var initializers = _graph.Initializer.Where(t => needed.Contains(t.Name)).ToList();
        _graph.Initializer.Clear();
        _graph.Initializer.AddRange(initializers);
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, long width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
