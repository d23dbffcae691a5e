// Scores one row with a model exported by `mlpipeline train`, using nothing but ONNX Runtime.
// Usage: dotnet run --project samples/OnnxConsumer -- model.onnx Gr_Liv_Area=1656 Neighborhood=North_Ames Central_Air=Y ...
// Each value is the CSV cell as it is: a float32 input gets it as a number, a string input (a category or a boolean
// such as Y/N or yes/no, mapped inside the model) gets the text. Inputs not given are sent as missing (NaN for
// numbers, empty for strings), as the model's contract allows.
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: OnnxConsumer MODEL.onnx [column=value ...]");
    return 2;
}

var given = args.Skip(1).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
using var session = new InferenceSession(args[0]);
if (given.Keys.FirstOrDefault(k => !session.InputMetadata.ContainsKey(k)) is { } unknown)
{
    Console.Error.WriteLine($"the model has no input '{unknown}' (its inputs: {string.Join(", ", session.InputNames)})");
    return 2;
}
var inputs = new List<OrtValue>();
try
{
    foreach (var (name, meta) in session.InputMetadata)
    {
        given.TryGetValue(name, out var text);
        inputs.Add(meta.ElementDataType == TensorElementType.String
            ? OrtValue.CreateFromStringTensor(new DenseTensor<string>(new[] { text?.Trim() ?? "" }, [1, 1]))
            : OrtValue.CreateTensorValueFromMemory(
                new[] { float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : float.NaN }, [1L, 1L]));
    }
    using var run = new RunOptions();
    using var outputs = session.Run(run, session.InputNames, inputs, ["Score"]);
    Console.WriteLine(outputs[0].GetTensorDataAsSpan<float>()[0].ToString(CultureInfo.InvariantCulture));
    return 0;
}
finally
{
    foreach (var input in inputs) input.Dispose();
}
