using System.Globalization;

namespace MlPipeline.Runtime.Tests;

/// <summary>The fast path for plain decimal cells gives exactly what the general parser gives, or leaves the cell to it.</summary>
public sealed class PlainDecimalTests
{
    [Fact]
    public void TryParse_Should_EqualDoubleParse_When_TheCellIsAPlainDecimal()
    {
        // Given: random plain decimals of up to 15 digits, with signs, leading zeros, trailing points and spaces
        var random = new Random(9);
        var cells = new List<string> { "0", "-0", "+0", "0.0", "5.", ".5", "-.25", "007", " 12.5 ", "999999999999999", "0.00000000000001", "123456789.012345" };
        for (var i = 0; i < 20_000; i++)
        {
            var digits = new string([.. Enumerable.Range(0, random.Next(1, 16)).Select(_ => (char)('0' + random.Next(10)))]);
            var point = random.Next(digits.Length + 1);
            var sign = random.Next(3) switch { 0 => "-", 1 => "+", _ => "" };
            cells.Add(sign + (random.Next(4) == 0 ? digits : digits[..point] + "." + digits[point..]));
        }
        foreach (var cell in cells)
        {
            // When
            var fast = PlainDecimal.TryParse(cell, out var value);

            // Then: bit for bit the general parser's double (so also its float)
            Assert.True(fast, cell);
            var expected = double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"'{cell}': {expected:R} vs {value:R}");
        }
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData("1234567890123456")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("NaN")]
    [InlineData("12a")]
    [InlineData("--1")]
    public void TryParse_Should_LeaveTheCellToTheGeneralParser_When_ItIsNotAPlainDecimal(string cell) =>
        Assert.False(PlainDecimal.TryParse(cell, out _));
}
