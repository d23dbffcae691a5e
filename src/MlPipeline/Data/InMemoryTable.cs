using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Data;

/// <summary>
/// Float and text columns held in memory as a view: rows given directly (one array per column), or a copy of
/// another view from which views with one column's rows reordered are made cheaply (permutation importance).
/// </summary>
internal sealed class InMemoryTable : IDataView
{
    private readonly object[] _columns;

    private InMemoryTable(DataViewSchema schema, object[] columns, int rows)
    {
        Schema = schema;
        _columns = columns;
        Rows = rows;
    }

    public int Rows { get; }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    /// <summary>A view of rows given as one array per column: float[] for numbers, string[] for categories.</summary>
    public static InMemoryTable FromColumns(IReadOnlyDictionary<string, Array> columns)
    {
        var builder = new DataViewSchema.Builder();
        var values = new List<object>();
        foreach (var (name, array) in columns)
        {
            builder.AddColumn(name, array switch
            {
                float[] => NumberDataViewType.Single,
                string[] => TextDataViewType.Instance,
                _ => throw new ArgumentException($"column '{name}' must be float[] or string[]"),
            });
            values.Add(array);
        }
        return new InMemoryTable(builder.ToSchema(), [.. values], columns.Count == 0 ? 0 : columns.Values.First().Length);
    }

    public static InMemoryTable From(IDataView data)
    {
        var builder = new DataViewSchema.Builder();
        var columns = new List<object>();
        var rows = 0;
        foreach (var column in data.Schema.Where(c => !c.IsHidden))
        {
            if (column.Type == NumberDataViewType.Single)
            {
                var values = data.GetColumn<float>(column).ToArray();
                rows = values.Length;
                columns.Add(values);
            }
            else if (column.Type is TextDataViewType)
            {
                var values = data.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).ToArray();
                rows = values.Length;
                columns.Add(values);
            }
            else continue;
            builder.AddColumn(column.Name, column.Type);
        }
        return new InMemoryTable(builder.ToSchema(), [.. columns], rows);
    }

    /// <summary>The first <paramref name="rows"/> rows (all when there are fewer).</summary>
    public InMemoryTable Take(int rows)
    {
        if (rows >= Rows) return this;
        var copy = _columns.Select(c => c switch
        {
            float[] f => (object)f[..rows],
            string[] s => s[..rows],
            _ => throw new InvalidOperationException("a column is neither float[] nor string[]"),
        }).ToArray();
        return new InMemoryTable(Schema, copy, rows);
    }

    public InMemoryTable WithPermuted(string column, int[] permutation)
    {
        var index = Schema[column].Index;
        var copy = (object[])_columns.Clone();
        copy[index] = _columns[index] switch
        {
            float[] f => permutation.Select(i => f[i]).ToArray(),
            string[] s => (object)permutation.Select(i => s[i]).ToArray(),
            _ => throw new InvalidOperationException($"column {column} cannot be permuted"),
        };
        return new InMemoryTable(Schema, copy, Rows);
    }

    public long? GetRowCount() => Rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(InMemoryTable table) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => table.Schema;
        public override long Position => _position;
        public override long Batch => 0;
        public override bool IsColumnActive(DataViewSchema.Column column) => true;
        public override bool MoveNext() => ++_position < table.Rows;
        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var values = table._columns[column.Index];
            if (values is float[] floats)
            {
                ValueGetter<float> getter = (ref float v) => v = floats[_position];
                return (ValueGetter<TValue>)(Delegate)getter;
            }
            var texts = (string[])values;
            ValueGetter<ReadOnlyMemory<char>> text = (ref ReadOnlyMemory<char> v) => v = texts[_position].AsMemory();
            return (ValueGetter<TValue>)(Delegate)text;
        }
    }
}
