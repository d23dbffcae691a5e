using System.Globalization;
using CsvHelper;
using MlPipeline.Data;

namespace MlPipeline.Reporting;

/// <summary>Writes predictions as a CSV with one <c>Score</c> column, one row per input row, atomically.</summary>
internal static class PredictionWriter
{
    /// <summary>Writes <paramref name="scores"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<float> scores) => OutputStaging.WriteFile(path, temp =>
    {
        using var writer = CsvWriter.ToFile(temp, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, FileOptions.None);
        writer.WriteRecord(ColumnNames.Score);
        foreach (var score in scores) writer.WriteRecord(score.ToString("R", CultureInfo.InvariantCulture));
    });
}
