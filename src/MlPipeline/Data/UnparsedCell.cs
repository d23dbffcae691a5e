using System.Globalization;

namespace MlPipeline.Data;

/// <summary>A cell of a numeric column that is not a number (or overflows float32), read as missing.</summary>
/// <param name="Value">The cell as written, cut to <see cref="MaxLength"/> characters.</param>
/// <param name="Line">1-based line of the file (the header is line 1).</param>
public sealed record UnparsedCell(string Value, long Line)
{
    /// <summary>Longest value kept; a longer one is cut and ends with an ellipsis.</summary>
    public const int MaxLength = 40;

    internal static UnparsedCell Of(string value, long line) =>
        new(value.Length <= MaxLength ? value : string.Create(CultureInfo.InvariantCulture, $"{value[..MaxLength]}… ({value.Length:N0} chars)"), line);
}
