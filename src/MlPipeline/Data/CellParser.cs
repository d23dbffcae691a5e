using System.Collections.Immutable;
using System.Globalization;
using MlPipeline.Shared;

namespace MlPipeline.Data;

/// <summary>Turns raw cells into typed values; shared by inference and loading so both agree.</summary>
internal static class CellParser
{
    /// <summary>
    /// The cells a boolean column loads as true, compared case-insensitively after trimming (the ONNX export maps the
    /// same list in its graph); the first is the canonical spelling.
    /// </summary>
    public static ImmutableArray<string> TrueTokens => CellFormat.TrueTokens;

    /// <summary>The cells a boolean column loads as false, as <see cref="TrueTokens"/>.</summary>
    public static ImmutableArray<string> FalseTokens => CellFormat.FalseTokens;

    /// <summary>Date parts the loader can produce, in order.</summary>
    public static readonly string[] AllDateParts = [.. CellFormat.DateParts];

    /// <summary>A number the loader can hold: finite in float32 (1e39 is not, it would load as infinity).</summary>
    public static bool TryParseNumber(string cell, CultureInfo culture, out double value) => CellFormat.TryParseNumber(cell, culture, out value);

    /// <summary>Word tokens only (true/false, yes/no, y/n, t/f); 1/0 are numbers during inference.</summary>
    public static bool TryParseBooleanWord(string cell, out bool value)
    {
        value = false;
        return cell.AsSpan().Trim() is not ("1" or "0") && TryParseBoolean(cell, out value);
    }

    /// <summary>Boolean cell as loaded: the word tokens plus 1/0 (<see cref="TrueTokens"/>, <see cref="FalseTokens"/>).</summary>
    public static bool TryParseBoolean(string cell, out bool value) => CellFormat.TryParseBoolean(cell, out value);

    public static bool TryParseDate(string cell, CultureInfo culture, out DateTime value) => CellFormat.TryParseDate(cell, culture, out value);

    public static float DatePart(DateTime date, string part) => CellFormat.DatePart(date, part);
}
