using System.Collections.Immutable;
using System.Globalization;

namespace MlPipeline.Data;

/// <summary>Turns raw cells into typed values; shared by inference and loading so both agree.</summary>
internal static class CellParser
{
    /// <summary>
    /// The cells a boolean column loads as true, compared case-insensitively after trimming (the ONNX export maps the
    /// same list in its graph); the first is the canonical spelling.
    /// </summary>
    public static readonly ImmutableArray<string> TrueTokens = ["true", "yes", "y", "t", "1"];

    /// <summary>The cells a boolean column loads as false, as <see cref="TrueTokens"/>.</summary>
    public static readonly ImmutableArray<string> FalseTokens = ["false", "no", "n", "f", "0"];

    private static readonly HashSet<string> s_true = new(TrueTokens, StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> s_false = new(FalseTokens, StringComparer.OrdinalIgnoreCase);

    /// <summary>Date parts the loader can produce, in order.</summary>
    public static readonly string[] AllDateParts = ["Year", "Month", "Day", "DayOfWeek", "Hour"];

    /// <summary>A number the loader can hold: finite in float32 (1e39 is not, it would load as infinity).</summary>
    public static bool TryParseNumber(string cell, CultureInfo culture, out double value) =>
        double.TryParse(cell.AsSpan().Trim(), NumberStyles.Float, culture, out value) && Math.Abs(value) <= float.MaxValue;

    /// <summary>Word tokens only (true/false, yes/no, y/n, t/f); 1/0 are numbers during inference.</summary>
    public static bool TryParseBooleanWord(string cell, out bool value)
    {
        value = false;
        return cell.AsSpan().Trim() is not ("1" or "0") && TryParseBoolean(cell, out value);
    }

    /// <summary>Boolean cell as loaded: the word tokens plus 1/0 (<see cref="TrueTokens"/>, <see cref="FalseTokens"/>).</summary>
    public static bool TryParseBoolean(string cell, out bool value)
    {
        var token = cell.Trim();
        value = s_true.Contains(token);
        return value || s_false.Contains(token);
    }

    public static bool TryParseDate(string cell, CultureInfo culture, out DateTime value)
    {
        var token = cell.Trim();
        value = default;
        return token.Length >= 6 && token.Any(char.IsDigit) && !TryParseNumber(token, culture, out _)
            && DateTime.TryParse(token, culture, DateTimeStyles.AllowWhiteSpaces, out value);
    }

    public static float DatePart(DateTime date, string part) => part switch
    {
        "Year" => date.Year,
        "Month" => date.Month,
        "Day" => date.Day,
        "DayOfWeek" => (float)date.DayOfWeek,
        "Hour" => date.Hour + date.Minute / 60f,
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "unknown date part"),
    };
}
