using System.Globalization;

namespace MlPipeline.Data;

/// <summary>What inference saw of one column over the scanned rows.</summary>
internal sealed class ColumnProfile(string name, int index, int distinctCap)
{
    public const double NumericShare = 0.95;
    public const int ExampleCount = 3;

    private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public int Index { get; } = index;
    public long Missing { get; private set; }
    public long Present { get; private set; }
    public long Numeric { get; private set; }
    public long IntegerValued { get; private set; }
    public long BooleanWords { get; private set; }
    public long Dates { get; private set; }
    public bool DatesHaveTime { get; private set; }
    public long TotalLength { get; private set; }
    public long TotalWords { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public bool DistinctCapped { get; private set; }
    /// <summary>The first non-numeric cells, values cut to <see cref="UnparsedCell.MaxLength"/>.</summary>
    public List<UnparsedCell> NonNumericExamples { get; } = [];
    public long DistinctCount => _distinct.Count;

    public void Add(string cell, long line, CsvFormat format, CultureInfo culture)
    {
        if (format.IsMissing(cell))
        {
            Missing++;
            return;
        }
        Present++;
        var token = cell.Trim();
        if (!DistinctCapped)
        {
            _distinct.Add(token);
            if (_distinct.Count >= distinctCap) DistinctCapped = true;
        }
        TotalLength += token.Length;
        TotalWords += token.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (CellParser.TryParseNumber(token, culture, out var number))
        {
            Numeric++;
            if (number == Math.Floor(number)) IntegerValued++;
            Min = Math.Min(Min, number);
            Max = Math.Max(Max, number);
            return;
        }
        if (NonNumericExamples.Count < ExampleCount) NonNumericExamples.Add(UnparsedCell.Of(token, line));
        if (CellParser.TryParseBooleanWord(token, out _)) BooleanWords++;
        else if (CellParser.TryParseDate(token, culture, out var date))
        {
            Dates++;
            DatesHaveTime |= date.TimeOfDay != TimeSpan.Zero;
        }
    }

    public bool AllNumeric => Present > 0 && Numeric == Present;

    /// <summary>Numbers in at least <see cref="NumericShare"/> of the present cells: a few stray tokens do not make a column categorical.</summary>
    public bool MostlyNumeric => Present > 0 && Numeric >= NumericShare * Present;

    public long NonNumeric => Present - Numeric;
}
