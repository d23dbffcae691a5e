using Microsoft.ML;

namespace MlPipeline.Trainers.Neural;

/// <summary>Neural regressors on <c>mlContext.Regression.Trainers</c>.</summary>
public static class NeuralCatalogExtensions
{
    /// <summary>Multilayer perceptron regressor (defaults: 3×256 ReLU, AdamW, early stopping).</summary>
    /// <param name="trainers">The regression trainer catalog.</param>
    /// <param name="options">Options; null uses the defaults.</param>
    /// <param name="onEpoch">Called after every epoch; return false to stop training.</param>
    /// <param name="cancellationToken">Stops training at the next epoch boundary with the best weights.</param>
    /// <returns>The estimator.</returns>
    public static NeuralRegressionEstimator Mlp(this RegressionCatalog.RegressionTrainers trainers, MlpOptions? options = null,
        Func<EpochReport, bool>? onEpoch = null, CancellationToken cancellationToken = default) =>
        new(options ?? new MlpOptions(), onEpoch, cancellationToken);

    /// <summary>ResNet-style MLP regressor (Gorishniy et al. 2021).</summary>
    /// <param name="trainers">The regression trainer catalog.</param>
    /// <param name="options">Options; null uses the defaults.</param>
    /// <param name="onEpoch">Called after every epoch; return false to stop training.</param>
    /// <param name="cancellationToken">Stops training at the next epoch boundary with the best weights.</param>
    /// <returns>The estimator.</returns>
    public static NeuralRegressionEstimator ResNet(this RegressionCatalog.RegressionTrainers trainers, ResNetOptions? options = null,
        Func<EpochReport, bool>? onEpoch = null, CancellationToken cancellationToken = default) =>
        new(options ?? new ResNetOptions(), onEpoch, cancellationToken);

    /// <summary>TabM regressor (Gorishniy et al. 2025): k = 32 BatchEnsemble MLPs in one network, predicting their mean.</summary>
    /// <param name="trainers">The regression trainer catalog.</param>
    /// <param name="options">Options; null uses the paper's defaults.</param>
    /// <param name="onEpoch">Called after every epoch; return false to stop training.</param>
    /// <param name="cancellationToken">Stops training at the next epoch boundary with the best weights.</param>
    /// <returns>The estimator.</returns>
    public static NeuralRegressionEstimator TabM(this RegressionCatalog.RegressionTrainers trainers, TabMOptions? options = null,
        Func<EpochReport, bool>? onEpoch = null, CancellationToken cancellationToken = default) =>
        new(options ?? new TabMOptions(), onEpoch, cancellationToken);
}
