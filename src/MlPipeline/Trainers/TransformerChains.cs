using Microsoft.ML;

namespace MlPipeline.Trainers;

/// <summary>Walks fitted ML.NET chains, which nest when a fitted chain is appended to another.</summary>
internal static class TransformerChains
{
    /// <summary>The transformers of <paramref name="transformer"/> in order, nested chains expanded.</summary>
    public static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];
}
