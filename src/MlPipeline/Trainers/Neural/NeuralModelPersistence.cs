using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// Saves and loads model chains that end in neural transformers. ML.NET 5 keeps <see cref="ModelSaveContext"/>'s
/// members internal, so an outside transformer cannot write itself through <c>mlContext.Model.Save</c>: the
/// preprocessing part is saved by ML.NET as usual and the neural part is added to the same zip as extra entries,
/// which ML.NET's loader ignores.
/// </summary>
internal static class NeuralModelPersistence
{
    private const string EntryPrefix = "MlPipelineNeural/";

    /// <summary>Saves <paramref name="model"/> (a chain whose trailing transformers may be neural) to a zip file.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="model">A transformer or (nested) transformer chain.</param>
    /// <param name="inputSchema">Schema of the data the model was fitted on.</param>
    /// <param name="path">Destination file.</param>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        var all = TransformerChains.Flatten(model).ToList();
        int firstNeural = all.FindIndex(t => t is NeuralRegressionTransformer);
        if (firstNeural < 0) firstNeural = all.Count;
        if (all.Skip(firstNeural).Any(t => t is not NeuralRegressionTransformer))
            throw new NotSupportedException("Neural transformers must come last in the chain to be saved.");
        mlContext.Model.Save(new TransformerChain<ITransformer>(all.Take(firstNeural).ToArray()), inputSchema, path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        for (int i = firstNeural; i < all.Count; i++)
        {
            using var stream = zip.CreateEntry($"{EntryPrefix}{i - firstNeural}.bin").Open();
            using var writer = new BinaryWriter(stream);
            NeuralModelSerializer.Write(writer, (NeuralRegressionTransformer)all[i]);
        }
    }

    /// <summary>Loads a model saved by <see cref="Save(MLContext, ITransformer, DataViewSchema, string)"/> (or a plain ML.NET model).</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="path">Model file.</param>
    /// <param name="inputSchema">Receives the input schema the model was saved with.</param>
    /// <returns>The model chain, neural transformers appended after the preprocessing.</returns>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        var prefix = mlContext.Model.Load(path, out inputSchema);
        var neural = new List<ITransformer>();
        using (var zip = ZipFile.OpenRead(path))
        {
            for (int i = 0; zip.GetEntry($"{EntryPrefix}{i}.bin") is { } entry; i++)
            {
                using var stream = entry.Open();
                using var reader = new BinaryReader(stream);
                neural.Add(NeuralModelSerializer.Read(reader));
            }
        }
        return neural.Count == 0 ? prefix : new TransformerChain<ITransformer>(new[] { prefix }.Concat(neural).ToArray());
    }

    /// <summary>Saves one neural transformer on its own.</summary>
    /// <param name="model">The fitted transformer.</param>
    /// <param name="stream">Destination stream.</param>
    public static void Save(NeuralRegressionTransformer model, Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        NeuralModelSerializer.Write(writer, model);
    }

    /// <summary>Loads one neural transformer saved with <see cref="Save(NeuralRegressionTransformer, Stream)"/>.</summary>
    /// <param name="stream">Source stream.</param>
    /// <returns>The transformer.</returns>
    public static NeuralRegressionTransformer Load(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        return NeuralModelSerializer.Read(reader);
    }
}
