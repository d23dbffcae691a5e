using Microsoft.ML.OnnxRuntime;

namespace MlPipeline.Runtime;

/// <summary>
/// The input and output tensors of one single-record call, allocated once and bound once to the session
/// (<see cref="OrtIoBinding"/>), then reused: each numeric input is a pinned float[1] the tensor reads in place, each
/// string input a native one-element string tensor set per call, and the outputs pinned float[1]s ONNX Runtime writes
/// into. One call uses one instance at a time (see <see cref="RowBufferPool"/>).
/// </summary>
internal sealed class RowBuffers : IDisposable
{
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;
    private readonly float[][] _outputData;
    private readonly RunOptions _runOptions = new();

    private readonly OrtIoBinding _binding;

    public RowBuffers(InferenceSession session, IReadOnlyList<string> inputNames, IReadOnlyList<bool> isString, IReadOnlyList<string> outputNames)
    {
        var outputs = outputNames.Count;
        _binding = session.CreateIoBinding();
        Columns = new Array[isString.Count];
        _inputs = new OrtValue[isString.Count];
        _outputs = new OrtValue[outputs];
        _outputData = new float[outputs][];
        try
        {
            for (var i = 0; i < isString.Count; i++)
            {
                if (isString[i])
                {
                    Columns[i] = new string[1];
                    _inputs[i] = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [1, 1]);
                }
                else
                {
                    var data = new float[1];
                    Columns[i] = data;
                    _inputs[i] = OrtValue.CreateTensorValueFromMemory(data, [1, 1]);
                }
            }
            for (var o = 0; o < outputs; o++)
            {
                _outputData[o] = new float[1];
                _outputs[o] = OrtValue.CreateTensorValueFromMemory(_outputData[o], [1, 1]);
            }
            for (var i = 0; i < _inputs.Length; i++) _binding.BindInput(inputNames[i], _inputs[i]);
            for (var o = 0; o < outputs; o++) _binding.BindOutput(outputNames[o], _outputs[o]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>One row per input, float[1] or string[1], that <see cref="FieldBinding.Write"/> fills.</summary>
    public Array[] Columns { get; }

    /// <summary>Scores the record written into <see cref="Columns"/>; returns the outputs in the order given to the constructor.</summary>
    public void Run(InferenceSession session, Span<float> results)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            if (Columns[i] is string[] text) _inputs[i].StringTensorSetElementAt(text[0].AsSpan(), 0);
        }
        session.RunWithBinding(_runOptions, _binding);
        for (var o = 0; o < _outputData.Length; o++) results[o] = _outputData[o][0];
    }

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var value in _inputs) value?.Dispose();
        foreach (var value in _outputs) value?.Dispose();
        _runOptions.Dispose();
    }
}
