using System.Text;

namespace MlPipeline.Runtime;

/// <summary>
/// Reads CSV text as the pipeline's reader does for scoring: a header row (names trimmed, an empty one becomes
/// <c>ColumnN</c>, duplicates refused), the delimiter detected among <c>,</c> <c>;</c> tab and <c>|</c> from the
/// header, RFC 4180 quotes (a doubled quote inside a quoted field, line breaks allowed there), blank lines skipped,
/// every record as wide as the header. Problems are <see cref="RecordValidationException"/>s naming the line.
/// </summary>
internal sealed class CsvText
{
    private static readonly char[] s_delimiters = [',', ';', '\t', '|'];

    private readonly TextReader _reader;
    private readonly StringBuilder _field = new();
    private readonly char _delimiter;
    private long _line = 1;
    private int _records;
    private bool _lastUnquotedEmpty;

    public CsvText(TextReader reader)
    {
        var headerText = ReadHeaderLine(reader);
        if (headerText.Trim().Length == 0) throw new RecordValidationException("CSV text is empty (a header row is needed)", null, 1);
        _delimiter = Detect(headerText);
        _reader = new StringReader(headerText);
        var raw = ReadFields() ?? [];
        _reader = reader;
        _line = 2;
        var header = new string[raw.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < raw.Count; i++)
        {
            var name = raw[i].Trim();
            if (name.Length == 0) name = $"Column{i + 1}";
            if (!seen.TryAdd(name, i)) throw new RecordValidationException($"duplicate column name in the header (columns {seen[name] + 1} and {i + 1})", null, 1, name);
            header[i] = name;
        }
        Header = header;
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>Reads the next record; false at the end of the text.</summary>
    /// <param name="fields">As many cells as the header has.</param>
    /// <param name="line">1-based line where the record starts.</param>
    public bool TryRead(out string[] fields, out long line)
    {
        while (true)
        {
            line = _line;
            var read = ReadFields();
            if (read is null) { fields = []; return false; }
            if (read.Count == 1 && read[0].Length == 0 && _lastUnquotedEmpty) continue;
            if (read.Count != Header.Count)
            {
                throw new RecordValidationException($"ragged row: {read.Count} fields where the header has {Header.Count}", _records, line);
            }
            _records++;
            fields = [.. read];
            return true;
        }
    }

    private List<string>? ReadFields()
    {
        var fields = new List<string>();
        _field.Clear();
        var start = _line;
        bool inQuotes = false, quoted = false, any = false;
        while (true)
        {
            var c = _reader.Read();
            if (c == -1)
            {
                if (inQuotes) throw new RecordValidationException("malformed or unterminated quoted field", null, start);
                if (!any) return null;
                break;
            }
            any = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (_reader.Peek() == '"') { _reader.Read(); _field.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (c == '\n') _line++;
                    _field.Append((char)c);
                }
                continue;
            }
            if (c == '"' && _field.Length == 0 && !quoted) { inQuotes = quoted = true; continue; }
            if (c == _delimiter) { fields.Add(_field.ToString()); _field.Clear(); quoted = false; continue; }
            if (c == '\r' || c == '\n')
            {
                if (c == '\r' && _reader.Peek() == '\n') _reader.Read();
                _line++;
                break;
            }
            if (quoted) throw new RecordValidationException("malformed or unterminated quoted field (text after the closing quote)", null, start);
            _field.Append((char)c);
        }
        _lastUnquotedEmpty = fields.Count == 0 && !quoted && _field.Length == 0;
        fields.Add(_field.ToString());
        return fields;
    }

    private static string ReadHeaderLine(TextReader reader)
    {
        var text = new StringBuilder();
        var inQuotes = false;
        while (true)
        {
            var c = reader.Read();
            if (c == -1) break;
            if (c == '\uFEFF' && text.Length == 0) continue;
            if (c == '"') inQuotes = !inQuotes;
            if (!inQuotes && c is '\n' or '\r')
            {
                if (c == '\r' && reader.Peek() == '\n') reader.Read();
                if (text.ToString().Trim().Length == 0) { text.Clear(); continue; }
                break;
            }
            text.Append((char)c);
        }
        return text.ToString();
    }

    private static char Detect(string header)
    {
        var counts = new int[s_delimiters.Length];
        var inQuotes = false;
        foreach (var c in header)
        {
            if (c == '"') inQuotes = !inQuotes;
            else if (!inQuotes && Array.IndexOf(s_delimiters, c) is var i and >= 0) counts[i]++;
        }
        var best = 0;
        for (var i = 1; i < counts.Length; i++) if (counts[i] > counts[best]) best = i;
        return s_delimiters[best];
    }
}
