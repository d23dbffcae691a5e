namespace MlPipeline.Runtime;

/// <summary>
/// The common number cell — an optional sign, at most 15 digits, an optional '.' — read without the general parser,
/// with the same result: the digits make an integer below 2^53 and the fraction a power of ten up to 10^22, both exact
/// in double, so their quotient is the correctly rounded value that <see cref="double.Parse(string)"/> gives. Anything
/// else (exponents, more digits, other separators) is left to the general parser.
/// </summary>
internal static class PlainDecimal
{
    private const int MaxDigits = 15;

    private static readonly double[] s_powersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Whether <paramref name="cell"/> (trimmed) is such a number; <paramref name="value"/> is then its value.</summary>
    public static bool TryParse(ReadOnlySpan<char> cell, out double value)
    {
        value = 0;
        var text = cell.Trim();
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '-' or '+') negative = text[i++] == '-';
        long mantissa = 0;
        int digits = 0, fraction = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.' && fraction < 0) { fraction = 0; continue; }
            if (c is < '0' or > '9' || ++digits > MaxDigits) return false;
            mantissa = mantissa * 10 + (c - '0');
            if (fraction >= 0) fraction++;
        }
        if (digits == 0) return false;
        var result = fraction > 0 ? mantissa / s_powersOfTen[fraction] : mantissa;
        value = negative ? -result : result;
        return true;
    }
}
