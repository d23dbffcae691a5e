
namespace MlPipeline.Experiment.Ensembling;

/// <summary>
/// Greedy ensemble selection with replacement (Caruana, Niculescu-Mizil, Crew and Ksikes, ICML 2004): start
/// empty, repeatedly add the model whose inclusion most lowers the RMSE of the averaged predictions, allowing a
/// model to be added again; weights are the selection counts divided by the number of rounds.
/// </summary>
public static class EnsembleSelection
{
    /// <summary>Selects weights for <paramref name="predictions"/> (one row per model) against <paramref name="labels"/>.</summary>
    /// <param name="predictions">Each model's validation or out-of-fold predictions, all of the labels' length.</param>
    /// <param name="labels">The true values.</param>
    /// <param name="rounds">Models added in total (with replacement).</param>
    /// <exception cref="ArgumentException">No models, or a prediction row of the wrong length.</exception>
    public static EnsembleWeights Select(IReadOnlyList<float[]> predictions, IReadOnlyList<float> labels, int rounds = 25)
    {
        if (predictions.Count == 0) throw new ArgumentException("no models to ensemble", nameof(predictions));
        if (predictions.Any(p => p.Length != labels.Count)) throw new ArgumentException("every model needs one prediction per label", nameof(predictions));
        var counts = new int[predictions.Count];
        var sum = new double[labels.Count];
        var bestRmse = double.PositiveInfinity;
        var bestCounts = counts;
        for (var round = 1; round <= rounds; round++)
        {
            var choice = -1;
            var choiceRmse = double.PositiveInfinity;
            for (var m = 0; m < predictions.Count; m++)
            {
                var rmse = Rmse(sum, predictions[m], round, labels);
                if (rmse < choiceRmse)
                {
                    choice = m;
                    choiceRmse = rmse;
                }
            }
            counts[choice]++;
            for (var i = 0; i < sum.Length; i++) sum[i] += predictions[choice][i];
            // Keep the best prefix of rounds: later additions may overfit the validation rows.
            if (choiceRmse < bestRmse)
            {
                bestRmse = choiceRmse;
                bestCounts = (int[])counts.Clone();
            }
        }
        var total = bestCounts.Sum();
        return new EnsembleWeights([.. bestCounts.Select(c => (double)c / total)], bestRmse);
    }

    private static double Rmse(double[] sum, float[] candidate, int members, IReadOnlyList<float> labels)
    {
        double sse = 0;
        for (var i = 0; i < sum.Length; i++)
        {
            var error = (sum[i] + candidate[i]) / members - labels[i];
            sse += error * error;
        }
        return Math.Sqrt(sse / sum.Length);
    }
}
