using System.Globalization;
using CsvHelper;
using MlPipeline.Data;
using MlPipeline.Experiment;

namespace MlPipeline.Reporting;

/// <summary>Writes predictions as a CSV with a <c>Score</c> column (then <c>Lower</c>, <c>Upper</c> when the model has an interval, and explanations when asked for), one row per input row, atomically.</summary>
internal static class PredictionWriter
{
    /// <summary>Writes <paramref name="scores"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<float> scores) => Write(path, new Predictions([.. scores], null, null));

    /// <summary>
    /// Writes <paramref name="predictions"/> to <paramref name="path"/>: <c>Score</c>, <c>Lower,Upper</c> after it when
    /// there is an interval, then, when <paramref name="explanations"/> are given, <c>Base</c> and each row's largest
    /// contributions as <c>Top1,Top1Contribution,…</c>.
    /// </summary>
    public static void Write(string path, Predictions predictions, PredictionExplanations? explanations = null) => OutputStaging.WriteFile(path, temp =>
    {
        using var writer = CsvWriter.ToFile(temp, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, FileOptions.None);
        var (scores, lower, upper) = predictions;
        var interval = lower is not null && upper is not null;
        string[] header = interval ? [ColumnNames.Score, ColumnNames.Lower, ColumnNames.Upper] : [ColumnNames.Score];
        writer.WriteRecord([.. header, .. explanations?.Header() ?? []]);
        for (var i = 0; i < scores.Length; i++)
        {
            var cells = new List<string> { Cell(scores[i]) };
            if (interval) cells.AddRange([Cell(lower![i]), Cell(upper![i])]);
            if (explanations is not null)
            {
                var (baseValue, largest) = explanations.Of(i);
                cells.Add(Cell(baseValue));
                foreach (var (column, value) in largest) cells.AddRange([column, Cell(value)]);
                for (var k = largest.Count; k < explanations.Top; k++) cells.AddRange(["", ""]);
            }
            writer.WriteRecord([.. cells]);
        }
    });

    private static string Cell(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Cell(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
