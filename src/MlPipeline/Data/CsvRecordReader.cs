using System.Globalization;
using System.Text;
using CsvHelper;

namespace MlPipeline.Data;

/// <summary>
/// Streams the records of a CSV file with CsvHelper after checking that it is a readable, headed,
/// rectangular UTF-8 text file. Every problem is a <see cref="DataValidationException"/> naming file, line,
/// column and value.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private const int ProbeBytes = 64 * 1024;

    private readonly CsvReader _reader;

    private CsvRecordReader(string path, CsvFormat format)
    {
        Path = path;
        var options = new CsvReaderOptions
        {
            Separator = format.Delimiter is { Length: 1 } d ? d[0] : null,
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            FormatProvider = format.Culture,
            PoolStrings = true,
        };
        _reader = CsvReader.FromFile(path, options, FileOptions.SequentialScan);
        Header = ReadHeader(format.Culture);
        Delimiter = _reader.Separator.ToString();
    }

    /// <summary>The file being read.</summary>
    public string Path { get; }

    /// <summary>The delimiter in use (given, or detected among <c>,</c> <c>;</c> tab and <c>|</c>).</summary>
    public string Delimiter { get; }

    /// <summary>Column names from the header row (empty names become <c>ColumnN</c>).</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Opens a file after checking that it exists, is not empty and is UTF-8 text.</summary>
    public static CsvRecordReader Open(string path, CsvFormat format)
    {
        if (!File.Exists(path))
        {
            throw new DataValidationException(Directory.Exists(path) ? "is a directory, not a CSV file" : "file not found", path);
        }
        if (ReadProbe(path).Trim().Length == 0) throw new DataValidationException("file is empty", path);
        return new CsvRecordReader(path, format);
    }

    /// <summary>Reads the next data record; returns false at the end of the file.</summary>
    /// <param name="fields">The record's cells, exactly as many as header columns.</param>
    /// <param name="line">1-based line on which the record starts.</param>
    public bool TryRead(out string[] fields, out long line)
    {
        fields = [];
        line = 0;
        if (!Guard(_reader.Read)) return false;
        line = _reader.LineNumber;
        if (_reader.FieldCount != Header.Count)
        {
            throw new DataValidationException($"ragged row: {_reader.FieldCount} fields where the header has {Header.Count}", Path, line);
        }
        fields = new string[Header.Count];
        for (var i = 0; i < fields.Length; i++) fields[i] = _reader.GetString(i);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();

    private IReadOnlyList<string> ReadHeader(CultureInfo culture)
    {
        Guard(() => { _reader.ReadHeader(); return true; });
        var raw = _reader.Headers;
        var names = new string[raw.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < raw.Count; i++)
        {
            var name = raw[i].Trim();
            if (name.Length == 0) name = $"Column{i + 1}";
            if (seen.TryGetValue(name, out var first))
            {
                throw new DataValidationException($"duplicate column name in the header (columns {first + 1} and {i + 1})", Path, 1, name);
            }
            seen[name] = i;
            names[i] = name;
        }
        if (raw.Count > 0 && raw.All(cell => double.TryParse(cell, NumberStyles.Float, culture, out _)))
        {
            throw new DataValidationException("no header row: the first line holds numbers, not column names", Path, 1, value: raw[0]);
        }
        return names;
    }

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CsvFormatException e)
        {
            var line = e.LineNumber > 0 ? e.LineNumber : (long?)null;
            var reason = e.Message.Contains("quote", StringComparison.OrdinalIgnoreCase) ? "malformed or unterminated quoted field"
                : e.Message.Contains("field", StringComparison.OrdinalIgnoreCase) ? "ragged row (field count differs from the header)"
                : "malformed CSV";
            throw new DataValidationException($"{reason}: {FirstLine(e.Message)}", Path, line);
        }
        catch (DecoderFallbackException)
        {
            throw new DataValidationException("not UTF-8 text (binary data or another encoding)", Path, _reader.LineNumber);
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static string ReadProbe(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[ProbeBytes];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var nul = Array.IndexOf(buffer, (byte)0, 0, read);
        if (nul >= 0) throw new DataValidationException($"binary data, not CSV text (NUL byte at offset {nul})", path);
        try
        {
            var decoder = new UTF8Encoding(false, true).GetDecoder();
            var chars = new char[read + 1];
            var count = decoder.GetChars(buffer, 0, read, chars, 0, flush: read < ProbeBytes);
            var text = new string(chars, 0, count).TrimStart('\uFEFF');
            var control = text.Count(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'));
            if (control > 0) throw new DataValidationException($"binary data, not CSV text ({control} control characters)", path);
            return text;
        }
        catch (DecoderFallbackException e)
        {
            throw new DataValidationException($"not UTF-8 text (invalid byte at offset {e.Index})", path);
        }
    }
}
