namespace MlPipeline.Runtime;

/// <summary>
/// A record that cannot be scored. The message is one line naming the record (its 0-based index in the batch, and
/// for CSV its line), the field and the value, for example <c>record 2 (line 4): field 'x1': not a number (value 'abc')</c>.
/// </summary>
public sealed class RecordValidationException : Exception
{
    /// <summary>Creates the exception; the message is composed from the parts that are known.</summary>
    /// <param name="reason">What is wrong, without the location.</param>
    /// <param name="record">0-based index of the record in the batch; null when the problem is not one record's (a CSV header).</param>
    /// <param name="line">1-based line of CSV text where the record starts, for CSV input.</param>
    /// <param name="field">The field, when known.</param>
    /// <param name="value">The offending value, when there is one.</param>
    public RecordValidationException(string reason, int? record, long? line = null, string? field = null, string? value = null)
        : base(Compose(reason, record, line, field, value))
    {
        Reason = reason;
        Record = record;
        Line = line;
        Field = field;
        Value = value;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>0-based index of the record in the batch; null when the problem is not one record's.</summary>
    public int? Record { get; }

    /// <summary>1-based line of CSV text where the record starts, for CSV input.</summary>
    public long? Line { get; }

    /// <summary>The field, when known.</summary>
    public string? Field { get; }

    /// <summary>The offending value, when there is one.</summary>
    public string? Value { get; }

    private static string Compose(string reason, int? record, long? line, string? field, string? value)
    {
        var where = record is { } r ? $"record {r}" + (line is { } l ? $" (line {l})" : "") : line is { } only ? $"line {only}" : "";
        if (field is not null) where += $"{(where.Length > 0 ? ": " : "")}field '{field}'";
        var text = where.Length > 0 ? $"{where}: {reason}" : reason;
        return value is null ? text : $"{text} (value '{Printable(value)}')";
    }

    private static string Printable(string value)
    {
        var clipped = value.Length > 40 ? value[..40] + "…" : value;
        return new string([.. clipped.Select(c => char.IsControl(c) ? '?' : c)]);
    }
}
