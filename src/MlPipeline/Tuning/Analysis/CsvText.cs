using System.Globalization;
using System.Text;

namespace MlPipeline.Tuning.Analysis;

/// <summary>Minimal RFC 4180 writer for the analysis exports.</summary>
internal static class CsvText
{
    public static string Write(IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', header.Select(Escape)));
        foreach (var row in rows) sb.AppendLine(string.Join(',', row.Select(Format).Select(Escape)));
        return sb.ToString();
    }

    private static string Format(object? v) => v switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? string.Empty,
    };

    private static string Escape(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
