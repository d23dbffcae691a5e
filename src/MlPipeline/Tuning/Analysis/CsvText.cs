using System.Globalization;
using CsvHelper;

namespace MlPipeline.Tuning.Analysis;

/// <summary>The analysis exports as RFC 4180 text, written by CsvHelper; records end with LF, as they always have on Linux.</summary>
internal static class CsvText
{
    private static readonly CsvWriterOptions s_options = new()
    {
        FormatProvider = CultureInfo.InvariantCulture,
        NewLine = "\n",
        ValidateFieldCount = false,
    };

    public static string Write(IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = CsvWriter.Create(text, s_options, leaveOpen: true))
        {
            writer.WriteRecord([.. header]);
            foreach (var row in rows) writer.WriteRecord([.. row.Select(Format)]);
        }
        return text.ToString();
    }

    private static string Format(object? v) => v switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? string.Empty,
    };
}
