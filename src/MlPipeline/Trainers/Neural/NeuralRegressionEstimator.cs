using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Trainers.Neural;

/// <summary>Trains an MLP, ResNet or TabM regressor on the Features vector; create it with the catalog extensions in <see cref="NeuralCatalogExtensions"/>.</summary>
public sealed class NeuralRegressionEstimator : IEstimator<NeuralRegressionTransformer>
{
    private readonly NeuralArchitecture _architecture;
    private readonly Func<EpochReport, bool>? _onEpoch;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Creates an MLP estimator.</summary>
    /// <param name="options">Architecture and training options.</param>
    /// <param name="onEpoch">Called after every epoch; return false to stop training (best weights are kept).</param>
    /// <param name="cancellationToken">Stops training at the next epoch boundary, keeping the best weights.</param>
    public NeuralRegressionEstimator(MlpOptions options, Func<EpochReport, bool>? onEpoch = null, CancellationToken cancellationToken = default)
        : this(new NeuralArchitecture(options ?? throw new ArgumentNullException(nameof(options)), null), onEpoch, cancellationToken)
    {
    }

    /// <summary>Creates a ResNet estimator.</summary>
    /// <param name="options">Architecture and training options.</param>
    /// <param name="onEpoch">Called after every epoch; return false to stop training (best weights are kept).</param>
    /// <param name="cancellationToken">Stops training at the next epoch boundary, keeping the best weights.</param>
    public NeuralRegressionEstimator(ResNetOptions options, Func<EpochReport, bool>? onEpoch = null, CancellationToken cancellationToken = default)
        : this(new NeuralArchitecture(null, options ?? throw new ArgumentNullException(nameof(options))), onEpoch, cancellationToken)
    {
    }

    /// <summary>Creates a TabM estimator.</summary>
    /// <param name="options">Architecture and training options.</param>
    /// <param name="onEpoch">Called after every epoch; return false to stop training (best weights are kept).</param>
    /// <param name="cancellationToken">Stops training at the next epoch boundary, keeping the best weights.</param>
    public NeuralRegressionEstimator(TabMOptions options, Func<EpochReport, bool>? onEpoch = null, CancellationToken cancellationToken = default)
        : this(new NeuralArchitecture(null, null, options ?? throw new ArgumentNullException(nameof(options))), onEpoch, cancellationToken)
    {
    }

    private NeuralRegressionEstimator(NeuralArchitecture architecture, Func<EpochReport, bool>? onEpoch, CancellationToken cancellationToken)
    {
        _architecture = architecture;
        _onEpoch = onEpoch;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Trains on the rows of <paramref name="input"/> whose label is finite.</summary>
    /// <param name="input">Data with the feature vector and label columns.</param>
    /// <returns>The fitted transformer.</returns>
    public NeuralRegressionTransformer Fit(IDataView input)
    {
        var o = _architecture.Training;
        int size = FeatureReader.VectorSize(input.Schema, o.FeatureColumnName);
        FeatureReader.CheckLabel(input.Schema, o.LabelColumnName);
        var trained = NeuralTrainer.Fit(_architecture, new ViewRows(input, o.FeatureColumnName, o.LabelColumnName, size), size, _onEpoch, _cancellationToken);
        return new NeuralRegressionTransformer(_architecture, trained);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var o = _architecture.Training;
        var feature = inputSchema.FirstOrDefault(c => c.Name == o.FeatureColumnName);
        if (feature.Name is null || feature.Kind != SchemaShape.Column.VectorKind.Vector || feature.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Column '{o.FeatureColumnName}' must be a known-size vector of Single.");
        var label = inputSchema.FirstOrDefault(c => c.Name == o.LabelColumnName);
        if (label.Name is null || label.Kind != SchemaShape.Column.VectorKind.Scalar || label.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Label column '{o.LabelColumnName}' must be a Single scalar.");
        // SchemaShape.Column has no public constructor: a column copy yields a Single scalar shape under the score's name.
        var scoreShape = new MLContext().Transforms.CopyColumns(o.ScoreColumnName, o.LabelColumnName).GetOutputSchema(inputSchema)
            .Where(c => c.Name == o.ScoreColumnName);
        return new SchemaShape(inputSchema.Where(c => c.Name != o.ScoreColumnName).Concat(scoreShape));
    }
}
