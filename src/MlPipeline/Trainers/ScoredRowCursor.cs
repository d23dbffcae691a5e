using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Trainers;

/// <summary>A <see cref="ScoredDataView"/> cursor: input columns from the input's cursor, the last column from the scores.</summary>
internal sealed class ScoredRowCursor(DataViewSchema schema, DataViewRowCursor input, IRowScores? scores) : DataViewRowCursor
{
    private readonly int _scoreIndex = input.Schema.Count;
    private long _position = -1;

    public override DataViewSchema Schema => schema;

    public override long Position => _position;

    public override long Batch => 0;

    public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index == _scoreIndex ? scores is not null : input.IsColumnActive(input.Schema[column.Index]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index != _scoreIndex) return input.GetGetter<TValue>(input.Schema[column.Index]);
        if (typeof(TValue) != typeof(float)) throw new InvalidOperationException($"{column.Name} is Single.");
        if (scores is null) throw new InvalidOperationException($"{column.Name} was not requested from this cursor");
        ValueGetter<float> getter = (ref float value) => value = scores.Current;
        return (ValueGetter<TValue>)(Delegate)getter;
    }

    public override bool MoveNext()
    {
        if (!input.MoveNext()) return false;
        if (scores is not null && !scores.MoveNext()) throw new InvalidOperationException("the model returned fewer scores than its input has rows");
        _position++;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.Dispose();
            scores?.Dispose();
        }
        base.Dispose(disposing);
    }
}
