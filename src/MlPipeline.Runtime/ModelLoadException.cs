namespace MlPipeline.Runtime;

/// <summary>A model file that cannot be used: missing, not ONNX, or with unreadable MlPipeline metadata.</summary>
public sealed class ModelLoadException : Exception
{
    /// <summary>Creates the exception; the message is "<paramref name="path"/>: <paramref name="reason"/>".</summary>
    public ModelLoadException(string path, string reason, Exception? inner = null) : base($"{path}: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the file.</summary>
    public string Reason { get; }
}
