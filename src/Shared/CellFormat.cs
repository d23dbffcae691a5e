using System.Collections.Immutable;
using System.Globalization;

namespace MlPipeline.Shared;

/// <summary>
/// How a CSV cell reads as a number, a boolean or a date, and a date's parts: compiled into both the library and
/// MlPipeline.Runtime (which depends on ONNX Runtime alone), so that a model scores a raw record exactly as training
/// loaded its rows.
/// </summary>
internal static class CellFormat
{
    /// <summary>
    /// The cells a boolean column reads as true, compared case-insensitively after trimming (the ONNX export maps the
    /// same list in its graph); the first is the canonical spelling.
    /// </summary>
    public static readonly ImmutableArray<string> TrueTokens = ["true", "yes", "y", "t", "1"];

    /// <summary>The cells a boolean column reads as false, as <see cref="TrueTokens"/>.</summary>
    public static readonly ImmutableArray<string> FalseTokens = ["false", "no", "n", "f", "0"];

    private static readonly HashSet<string> s_true = new(TrueTokens, StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> s_false = new(FalseTokens, StringComparer.OrdinalIgnoreCase);

    /// <summary>Date parts a date column loads as, in order.</summary>
    public static readonly ImmutableArray<string> DateParts = ["Year", "Month", "Day", "DayOfWeek", "Hour"];

    /// <summary>A number float32 can hold: finite in float32 (1e39 is not, it would load as infinity).</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> cell, CultureInfo culture, out double value) =>
        double.TryParse(cell.Trim(), NumberStyles.Float, culture, out value) && Math.Abs(value) <= float.MaxValue;

    /// <summary>A boolean cell: <see cref="TrueTokens"/> or <see cref="FalseTokens"/>, trimmed, in any case.</summary>
    public static bool TryParseBoolean(string cell, out bool value)
    {
        var token = cell.Trim();
        value = s_true.Contains(token);
        return value || s_false.Contains(token);
    }

    /// <summary>A date cell: at least 6 characters with a digit, not a number, and a date under the culture.</summary>
    public static bool TryParseDate(string cell, CultureInfo culture, out DateTime value)
    {
        var token = cell.Trim();
        value = default;
        return token.Length >= 6 && token.Any(char.IsDigit) && !TryParseNumber(token, culture, out _)
            && DateTime.TryParse(token, culture, DateTimeStyles.AllowWhiteSpaces, out value);
    }

    /// <summary>One part of a date as its column loads it (the hour with minutes as a fraction).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of <see cref="DateParts"/>.</exception>
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
