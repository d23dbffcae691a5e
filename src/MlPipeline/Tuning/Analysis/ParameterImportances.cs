using System.Text.Json;

namespace MlPipeline.Tuning.Analysis;

/// <summary>
/// Parameter importance by PED-ANOVA (Watanabe et al. 2023, "PED-ANOVA: Efficiently Quantifying
/// Hyperparameter Importance in Arbitrary Subspaces"): for each parameter, the Pearson divergence
/// between its density among the top <c>targetQuantile</c> of Complete trials and among all of them,
/// estimated on a 100-point unit-space grid with Gaussian kernels (discrete parameters: smoothed
/// frequencies per value). Chosen over fANOVA because it needs no surrogate model and is linear in
/// the number of trials. Importances are normalised to sum to 1, largest first.
/// </summary>
/// <param name="Items">Importances, largest first.</param>
public sealed record ParameterImportances(IReadOnlyList<ParamImportance> Items)
{
    private const int Grid = 100;

    /// <summary>Computes importances over the study's Complete trials.</summary>
    /// <param name="study">The study.</param>
    /// <param name="targetQuantile">Fraction of best trials that forms the "top" set.</param>
    /// <returns>The importances.</returns>
    public static ParameterImportances Compute(IStudyView study, double targetQuantile = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(targetQuantile, 0);
        var complete = study.GetTrials([TrialState.Complete]).Where(t => t.Value is not null).ToList();
        var sign = study.Direction == StudyDirection.Minimize ? 1.0 : -1.0;
        var names = complete.SelectMany(t => t.Distributions.Keys).Distinct().OrderBy(n => n, StringComparer.Ordinal);
        var raw = new List<ParamImportance>();
        foreach (var name in names)
        {
            var with = complete.Where(t => t.InternalParams.ContainsKey(name)).OrderBy(t => sign * t.Value!.Value).ToList();
            if (with.Count < 4)
            {
                raw.Add(new ParamImportance(name, 0));
                continue;
            }

            var nTop = Math.Max(2, (int)Math.Ceiling(targetQuantile * with.Count));
            var dist = with[0].Distributions[name];
            var all = with.Where(t => t.Distributions[name].Equals(dist)).Select(t => t.InternalParams[name]).ToList();
            var top = with.Take(nTop).Where(t => t.Distributions[name].Equals(dist)).Select(t => t.InternalParams[name]).ToList();
            raw.Add(new ParamImportance(name, PearsonDivergence(Density(top, dist), Density(all, dist))));
        }

        var total = raw.Sum(r => r.Importance);
        var items = raw.Select(r => r with { Importance = total > 0 ? r.Importance / total : 0 })
            .OrderByDescending(r => r.Importance).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        return new ParameterImportances(items);
    }

    private static double[] Density(IReadOnlyList<double> values, Distribution dist)
    {
        if (dist.Cardinality is { } k && k <= Grid)
        {
            var levels = dist.EnumerateInternal().ToList();
            var counts = levels.Select(l => values.Count(v => v == l) + 0.5).ToArray();
            return Normalise(counts);
        }

        var units = values.Select(dist.ToUnit).ToArray();
        var mean = units.Average();
        var std = Math.Sqrt(units.Sum(u => (u - mean) * (u - mean)) / Math.Max(1, units.Length - 1));
        var h = Math.Clamp(1.06 * std * Math.Pow(units.Length, -0.2), 0.02, 0.5);
        var density = new double[Grid];
        for (var i = 0; i < Grid; i++)
        {
            var x = (i + 0.5) / Grid;
            foreach (var u in units) density[i] += Math.Exp(-0.5 * Math.Pow((x - u) / h, 2));
        }

        return Normalise(density);
    }

    private static double[] Normalise(double[] v)
    {
        var s = v.Sum();
        return v.Select(x => x / s).ToArray();
    }

    private static double PearsonDivergence(double[] top, double[] all)
    {
        var d = 0.0;
        for (var i = 0; i < top.Length; i++)
        {
            if (all[i] > 1e-300) d += all[i] * Math.Pow(top[i] / all[i] - 1, 2);
        }

        return d;
    }

    /// <summary>CSV with columns param, importance.</summary>
    /// <returns>CSV text.</returns>
    public string ToCsv() => CsvText.Write(["param", "importance"], Items.Select(i => new object?[] { i.Name, i.Importance }));

    /// <summary>JSON of this record.</summary>
    /// <returns>JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, AnalysisJson.Options);
}
