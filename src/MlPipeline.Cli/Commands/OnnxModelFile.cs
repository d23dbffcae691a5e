using MlPipeline.Data;
using MlPipeline.Runtime;

namespace MlPipeline.Cli.Commands;

/// <summary>The <c>--model FILE|DIR</c> of the commands that work on <c>model.onnx</c> (serve, codegen).</summary>
internal static class OnnxModelFile
{
    /// <summary>The file itself, or <c>model.onnx</c> in the run folder; bad input naming the folder when it has none.</summary>
    public static string Resolve(string path, string command)
    {
        if (!Directory.Exists(path)) return path;
        var file = Path.Combine(path, "model.onnx");
        return File.Exists(file) ? file : throw new DataValidationException($"no model.onnx in the folder ({command} needs the ONNX model; see metrics.json for why it was not written)", path);
    }

    /// <summary>Loads the model with one ONNX Runtime thread per call; a file that cannot be loaded is bad input naming it.</summary>
    public static OnnxModel Load(string path)
    {
        try
        {
            return new OnnxModel(path, new OnnxModelOptions { IntraOpThreads = 1 });
        }
        catch (ModelLoadException e)
        {
            throw new DataValidationException(e.Reason, e.Path);
        }
    }
}
