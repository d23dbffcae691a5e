using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Data;

/// <summary>
/// An <see cref="IDataView"/> that streams a CSV file from disk through <see cref="CsvRecordReader"/>, typed by a
/// <see cref="DataSchema"/>: numbers, booleans and date parts as float32 (NaN = missing), categories as text
/// (missing = empty). Columns are found by header name, so extra or reordered columns are fine.
/// </summary>
internal sealed class CsvDataView : IDataView
{
    private readonly string _path;
    private readonly DataSchema _schema;
    private readonly List<OutputColumn> _outputs = [];

    public CsvDataView(string path, DataSchema schema, LoadMode mode)
    {
        _path = path;
        _schema = schema;
        using var reader = CsvRecordReader.Open(path, schema.Format with { Delimiter = null });
        Schema = BuildSchema(schema, mode, name => FindField(reader.Header, name), _outputs);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    private static DataViewSchema BuildSchema(DataSchema schema, LoadMode mode, Func<string, int> findField, List<OutputColumn> outputs)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in schema.Columns)
        {
            if (!(column.IsFeature || (column.Role == ColumnRole.Label && mode == LoadMode.Training))) continue;
            var field = findField(column.Name);
            if (column.Role == ColumnRole.DateTime)
            {
                foreach (var part in column.DateParts)
                {
                    builder.AddColumn($"{column.LoadedName}_{part}", NumberDataViewType.Single);
                    outputs.Add(new OutputColumn(column, field, part));
                }
                continue;
            }
            builder.AddColumn(column.LoadedName, column.Role == ColumnRole.Categorical ? TextDataViewType.Instance : NumberDataViewType.Single);
            outputs.Add(new OutputColumn(column, field, null));
        }
        return builder.ToSchema();
    }

    /// <summary>The columns a file read for scoring has, without a file: what a saved model declares as its input.</summary>
    internal sealed class SchemaOnly(DataSchema schema)
    {
        public DataViewSchema Schema { get; } = BuildSchema(schema, LoadMode.Scoring, _ => -1, []);
    }

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new bool[Schema.Count];
        foreach (var c in columnsNeeded) active[c.Index] = true;
        return new Cursor(this, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private int FindField(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++) if (header[i] == name) return i;
        throw new DataValidationException("required column is missing from the file", _path, 1, name);
    }

    private sealed record OutputColumn(ColumnSchema Column, int Field, string? DatePart);

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly CsvDataView _view;
        private readonly bool[] _active;
        private readonly CsvRecordReader _reader;
        private readonly float[] _floats;
        private readonly ReadOnlyMemory<char>[] _texts;
        private readonly int _labelOutput;
        private long _position = -1;

        public Cursor(CsvDataView view, bool[] active)
        {
            _view = view;
            _active = active;
            _reader = CsvRecordReader.Open(view._path, view._schema.Format with { Delimiter = null });
            _floats = new float[view._outputs.Count];
            _texts = new ReadOnlyMemory<char>[view._outputs.Count];
            _labelOutput = view._outputs.FindIndex(o => o.Column.Role == ColumnRole.Label);
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var index = column.Index;
            if (typeof(TValue) == typeof(float))
            {
                ValueGetter<float> getter = (ref float value) => value = _floats[index];
                return (ValueGetter<TValue>)(Delegate)getter;
            }
            if (typeof(TValue) == typeof(ReadOnlyMemory<char>))
            {
                ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) => value = _texts[index];
                return (ValueGetter<TValue>)(Delegate)getter;
            }
            throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
        }

        public override bool MoveNext()
        {
            while (_reader.TryRead(out var fields, out var line))
            {
                if (_labelOutput >= 0)
                {
                    var cell = fields[_view._outputs[_labelOutput].Field];
                    if (_view._schema.Format.IsMissing(cell)) continue;
                }
                Parse(fields, line);
                _position++;
                return true;
            }
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _reader.Dispose();
            base.Dispose(disposing);
        }

        private void Parse(string[] fields, long line)
        {
            var format = _view._schema.Format;
            var culture = format.Culture;
            for (var i = 0; i < _view._outputs.Count; i++)
            {
                if (!_active[i]) continue;
                var output = _view._outputs[i];
                var cell = fields[output.Field];
                var missing = format.IsMissing(cell);
                switch (output.Column.Role)
                {
                    case ColumnRole.Categorical:
                        _texts[i] = missing ? ReadOnlyMemory<char>.Empty : cell.Trim().AsMemory();
                        break;
                    case ColumnRole.Boolean:
                        _floats[i] = missing ? float.NaN
                            : CellParser.TryParseBoolean(cell, out var flag) ? (flag ? 1f : 0f)
                            : throw Bad("not a boolean (true/false, yes/no, y/n, t/f, 1/0)", line, output, cell);
                        break;
                    case ColumnRole.DateTime:
                        _floats[i] = missing ? float.NaN
                            : CellParser.TryParseDate(cell, culture, out var date) ? CellParser.DatePart(date, output.DatePart!)
                            : throw Bad("not a date", line, output, cell);
                        break;
                    case ColumnRole.Label:
                        _floats[i] = missing ? float.NaN
                            : CellParser.TryParseNumber(cell, culture, out var label) ? (float)label
                            : throw Bad("label is not a number", line, output, cell);
                        break;
                    default:
                        // Inference kept the column numeric by majority: a stray token is a missing value, as it was counted.
                        _floats[i] = !missing && CellParser.TryParseNumber(cell, culture, out var number) ? (float)number : float.NaN;
                        break;
                }
            }
        }

        private DataValidationException Bad(string message, long line, OutputColumn output, string cell) =>
            new(message, _view._path, line, output.Column.Name, cell);
    }
}
