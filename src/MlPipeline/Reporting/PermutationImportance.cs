using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;

using MlPipeline.Evaluation;

namespace MlPipeline.Reporting;

/// <summary>
/// Permutation feature importance at the level of the user's columns (not of one-hot slots): how much the
/// RMSE on held-out rows grows when one input column's values are shuffled among the rows (Breiman 2001).
/// </summary>
internal static class PermutationImportance
{
    /// <summary>
    /// Held-out rows an importance is measured on at most (the first ones; test rows are a random split): enough for a
    /// stable ranking, and bounded so that on a million rows the outputs stay within the budget.
    /// </summary>
    public const int MaxRows = 10_000;

    /// <summary>Rows kept however slow the model: fewer would rank the columns by noise.</summary>
    public const int MinRows = 200;

    /// <summary>RMSE increase per input column of <paramref name="data"/>, largest first.</summary>
    /// <param name="model">The fitted pipeline, raw columns in, <c>Score</c> out.</param>
    /// <param name="data">Held-out rows with the model's input columns.</param>
    /// <param name="labels">The true values of those rows.</param>
    /// <param name="columns">The input columns to permute.</param>
    /// <param name="limit">Time the whole measurement should take: the rows are cut (not below <see cref="MinRows"/>) so that one scoring per column fits.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    public static PermutationImportanceResult Compute(
        ITransformer model, IDataView data, IReadOnlyList<float> labels, IReadOnlyList<string> columns, TimeSpan limit, int seed = 1) =>
        Compute(rows => model.Transform(rows).GetColumn<float>(ColumnNames.Score).ToArray(), data, labels, columns, limit, seed);

    /// <summary>
    /// RMSE increase per input column on the first rows (at most <see cref="MaxRows"/>, fewer when scoring them once
    /// per column would not fit in <paramref name="limit"/>), scoring with <paramref name="score"/> (ONNX Runtime, say,
    /// which is much faster on small batches).
    /// </summary>
    /// <param name="score">Scores rows with the model's input columns, in row order.</param>
    /// <param name="data">Held-out rows with the model's input columns.</param>
    /// <param name="labels">The true values of those rows.</param>
    /// <param name="columns">The input columns to permute.</param>
    /// <param name="limit">Time the whole measurement should take: the rows are cut (not below <see cref="MinRows"/>) so that one scoring per column fits.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    public static PermutationImportanceResult Compute(
        Func<IDataView, float[]> score, IDataView data, IReadOnlyList<float> labels, IReadOnlyList<string> columns, TimeSpan limit, int seed = 1)
    {
        var table = InMemoryTable.From(labels.Count > MaxRows ? new MLContext(seed).Data.TakeRows(data, MaxRows) : data);
        float[] truth = [.. labels.Take(table.Rows)];
        // One small scoring first: the first call of a session allocates and would make the timing below pessimistic.
        score(table.Take(Math.Min(16, table.Rows)));
        var clock = Stopwatch.StartNew();
        var baseline = Rmse(score, table, truth);
        var fitting = (int)(table.Rows * limit.TotalSeconds / (columns.Count + 1) / Math.Max(clock.Elapsed.TotalSeconds, 1e-6));
        if (fitting < table.Rows)
        {
            table = table.Take(Math.Max(fitting, MinRows));
            truth = truth[..table.Rows];
            baseline = Rmse(score, table, truth);
        }
        var random = new Random(seed);
        var result = new List<(string, double)>();
        foreach (var column in columns)
        {
            var permutation = Enumerable.Range(0, table.Rows).OrderBy(_ => random.Next()).ToArray();
            result.Add((column, Rmse(score, table.WithPermuted(column, permutation), truth) - baseline));
        }
        return new(table.Rows, labels.Count, [.. result.OrderByDescending(r => r.Item2)]);
    }

    private static double Rmse(Func<IDataView, float[]> score, IDataView data, float[] truth) =>
        RegressionQuality.Compute(truth, score(data)).Rmse;
}
