namespace MlPipeline.Data;

/// <summary>
/// Raised when input data is unusable. The message is one line naming the file, and where known the line,
/// column and offending value, so a user can find and fix it.
/// </summary>
public sealed class DataValidationException : Exception
{
    /// <summary>Creates the exception; the message is composed from the location parts that are known.</summary>
    /// <param name="message">What is wrong, without the location.</param>
    /// <param name="file">The file, when the problem is in a file.</param>
    /// <param name="line">1-based physical line number, when known.</param>
    /// <param name="column">The column name, when known.</param>
    /// <param name="value">The offending value, when there is one.</param>
    public DataValidationException(string message, string? file = null, long? line = null, string? column = null, string? value = null)
        : base(Compose(message, file, line, column, value))
    {
        Reason = message;
        File = file;
        Line = line;
        Column = column;
        Value = value;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The file, when the problem is in a file.</summary>
    public string? File { get; }

    /// <summary>1-based physical line number, when known.</summary>
    public long? Line { get; }

    /// <summary>The column name, when known.</summary>
    public string? Column { get; }

    /// <summary>The offending value, when there is one.</summary>
    public string? Value { get; }

    private static string Compose(string message, string? file, long? line, string? column, string? value)
    {
        var where = file ?? "";
        if (line is not null) where += $"{(where.Length > 0 ? ":" : "line ")}{line}";
        if (column is not null) where += $"{(where.Length > 0 ? ": " : "")}column '{column}'";
        var text = where.Length > 0 ? $"{where}: {message}" : message;
        if (value is not null) text += $" (value '{Printable(value)}')";
        return text;
    }

    private static string Printable(string value)
    {
        var clipped = value.Length > 40 ? value[..40] + "…" : value;
        return new string(clipped.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
