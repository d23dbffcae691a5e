
namespace MlPipeline.Experiment.Ensembling;

/// <summary>
/// Greedy ensemble selection with replacement (Caruana, Niculescu-Mizil, Crew and Ksikes, ICML 2004): start
/// empty, repeatedly add the model whose inclusion most lowers the RMSE of the averaged predictions, allowing a
/// model to be added again; weights are the selection counts divided by the number of rounds.
/// </summary>
internal static class EnsembleSelection
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

    /// <summary>
    /// Whether ensembling pays on rows its weights were not fitted on: the RMSE of <see cref="CrossFittedPredictions"/>'
    /// ensemble and single-model predictions. Both procedures are scored out of sample, so the comparison does not
    /// reward the ensemble for fitting the noise of the rows it was selected on.
    /// </summary>
    /// <returns>The cross-fitted RMSE of ensemble selection and of single-model selection.</returns>
    public static (double Ensemble, double Single) CrossFitted(
        IReadOnlyList<float[]> predictions, IReadOnlyList<float> labels, int rounds = 25, int folds = 5, int seed = 1)
    {
        var (ensemble, single) = CrossFittedPredictions(predictions, labels, rounds, folds, seed);
        float[] truth = [.. labels];
        return (Rmse(ensemble, truth), Rmse(single, truth));
    }

    /// <summary>
    /// Each row's prediction by a selection fitted without it: the rows are split into <paramref name="folds"/>
    /// parts, and each part is predicted by the ensemble selected on the other parts, and by the single model that is
    /// best on the other parts. These are held-out predictions of the whole procedure, selection included, so their
    /// residuals are not shrunk by the choice the way the chosen model's own residuals are.
    /// </summary>
    /// <param name="predictions">Each model's validation or out-of-fold predictions.</param>
    /// <param name="labels">The true values.</param>
    /// <param name="rounds">Selection rounds, as in <see cref="Select"/>.</param>
    /// <param name="folds">Parts the rows are split into.</param>
    /// <param name="seed">Seed of the split.</param>
    public static (float[] Ensemble, float[] Single) CrossFittedPredictions(
        IReadOnlyList<float[]> predictions, IReadOnlyList<float> labels, int rounds = 25, int folds = 5, int seed = 1)
    {
        var n = labels.Count;
        var part = new int[n];
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        for (var i = 0; i < n; i++) part[order[i]] = i % folds;
        var ensemble = new float[n];
        var single = new float[n];
        for (var f = 0; f < folds; f++)
        {
            var fit = Enumerable.Range(0, n).Where(i => part[i] != f).ToArray();
            var held = Enumerable.Range(0, n).Where(i => part[i] == f).ToArray();
            if (held.Length == 0) continue;
            if (fit.Length == 0) fit = held;
            float[][] fitPredictions = [.. predictions.Select(p => fit.Select(i => p[i]).ToArray())];
            float[] fitLabels = [.. fit.Select(i => labels[i])];
            var weights = Select(fitPredictions, fitLabels, rounds);
            var best = Enumerable.Range(0, predictions.Count).MinBy(m => Rmse(fitPredictions[m], fitLabels));
            foreach (var i in held)
            {
                double combined = 0;
                for (var m = 0; m < predictions.Count; m++) combined += weights.Weights[m] * predictions[m][i];
                ensemble[i] = (float)combined;
                single[i] = predictions[best][i];
            }
        }
        return (ensemble, single);
    }

    private static double Rmse(float[] predicted, float[] labels)
    {
        double sse = 0;
        for (var i = 0; i < labels.Length; i++) sse += (predicted[i] - (double)labels[i]) * (predicted[i] - labels[i]);
        return Math.Sqrt(sse / labels.Length);
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
