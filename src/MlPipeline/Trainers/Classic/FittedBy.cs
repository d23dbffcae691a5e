using Microsoft.ML;

namespace MlPipeline.Trainers.Classic;

/// <summary>An estimator whose fit is <paramref name="fit"/> (a trainer fitted with more than the training rows, or sized on them first); its schema is <paramref name="trainer"/>'s.</summary>
internal sealed class FittedBy<TTransformer>(IEstimator<TTransformer> trainer, Func<IDataView, TTransformer> fit) : IEstimator<ITransformer>
    where TTransformer : class, ITransformer
{
    public ITransformer Fit(IDataView input) => fit(input);

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => trainer.GetOutputSchema(inputSchema);
}
