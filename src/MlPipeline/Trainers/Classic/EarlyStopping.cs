using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace MlPipeline.Trainers.Classic;

/// <summary>
/// How the boosted trees choose their number of rounds: on a trial's validation rows they boost up to
/// <see cref="MaxRounds"/> and stop, keeping the best count: LightGBM after <see cref="Patience"/> rounds without
/// improvement (its <c>early_stopping_round</c>), FastTree and FastTreeTweedie by the rule each candidate names (ML.NET
/// offers no patience rule for them); a refit on all rows boosts the count its trial chose.
/// </summary>
internal static class EarlyStopping
{
    /// <summary>Most rounds an early-stopped fit may boost.</summary>
    public const int MaxRounds = 2000;

    /// <summary>Rounds without a better validation loss before LightGBM stops (its customary 50); FastTreeTweedie's rises in a row.</summary>
    public const int Patience = 50;

    /// <summary>The rounds a boosted fit uses: those chosen before, the maximum when it may stop early, else <paramref name="defaultRounds"/>.</summary>
    public static int Rounds(TrainerInput input, int defaultRounds) =>
        input.Iterations ?? (input.Validation is null ? defaultRounds : MaxRounds);

    /// <summary>Whether the fit stops early on <see cref="TrainerInput.Validation"/>.</summary>
    public static bool Applies(TrainerInput input) => input.Iterations is null && input.Validation is not null;

    /// <summary>The rounds (trees) a fitted boosted model kept; null for other models.</summary>
    public static int? FittedRounds(ITransformer model) => model switch
    {
        ISingleFeaturePredictionTransformer<FastTreeRegressionModelParameters> t => t.Model.TrainedTreeEnsemble.Trees.Count,
        ISingleFeaturePredictionTransformer<FastTreeTweedieModelParameters> t => t.Model.TrainedTreeEnsemble.Trees.Count,
        ISingleFeaturePredictionTransformer<LightGbmRegressionModelParameters> t => t.Model.TrainedTreeEnsemble.Trees.Count,
        _ => null,
    };

    /// <summary>An estimator that fits <paramref name="trainer"/> with <paramref name="fit"/> (which passes the validation rows).</summary>
    public static IEstimator<ITransformer> Watching<TTransformer>(IEstimator<TTransformer> trainer, Func<IDataView, TTransformer> fit)
        where TTransformer : class, ITransformer => new FittedBy<TTransformer>(trainer, fit);
}
