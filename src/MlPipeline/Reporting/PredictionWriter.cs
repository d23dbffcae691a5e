using System.Globalization;
using CsvHelper;
using MlPipeline.Data;
using MlPipeline.Experiment;

namespace MlPipeline.Reporting;

/// <summary>Writes predictions as a CSV with a <c>Score</c> column (then <c>Lower</c>, <c>Upper</c> when the model has an interval), one row per input row, atomically.</summary>
internal static class PredictionWriter
{
    /// <summary>Writes <paramref name="scores"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<float> scores) => Write(path, new Predictions([.. scores], null, null));

    /// <summary>Writes <paramref name="predictions"/> to <paramref name="path"/>: <c>Score</c>, and <c>Lower,Upper</c> after it when there is an interval.</summary>
    public static void Write(string path, Predictions predictions) => OutputStaging.WriteFile(path, temp =>
    {
        using var writer = CsvWriter.ToFile(temp, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, FileOptions.None);
        var (scores, lower, upper) = predictions;
        if (lower is null || upper is null)
        {
            writer.WriteRecord(ColumnNames.Score);
            foreach (var score in scores) writer.WriteRecord(score.ToString("R", CultureInfo.InvariantCulture));
            return;
        }
        writer.WriteRecord([ColumnNames.Score, ColumnNames.Lower, ColumnNames.Upper]);
        for (var i = 0; i < scores.Length; i++)
        {
            writer.WriteRecord([Cell(scores[i]), Cell(lower[i]), Cell(upper[i])]);
        }
    });

    private static string Cell(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
