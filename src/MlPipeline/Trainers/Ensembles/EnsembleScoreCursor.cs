using Microsoft.ML;
using Microsoft.ML.Data;

using MlPipeline.Data;

namespace MlPipeline.Trainers.Ensembles;

/// <summary>Delegates input columns to the wrapped cursor and serves Score as the weighted sum of the member cursors' scores.</summary>
internal sealed class EnsembleScoreCursor : DataViewRowCursor
{
    private readonly IDataView _view;
    private readonly DataViewRowCursor _main;
    private readonly DataViewRowCursor[] _members;
    private readonly ValueGetter<float>[] _scores;
    private readonly double[] _weights;
    private readonly int _scoreIndex;
    private long _position = -1;

    public EnsembleScoreCursor(IDataView view, DataViewRowCursor main, DataViewRowCursor[] members, double[] weights, int scoreIndex)
    {
        _view = view;
        _main = main;
        _members = members;
        _weights = weights;
        _scoreIndex = scoreIndex;
        _scores = [.. members.Select(c => c.GetGetter<float>(c.Schema[ColumnNames.Score]))];
    }

    public override DataViewSchema Schema => _view.Schema;

    public override long Position => _position;

    public override long Batch => 0;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index == _scoreIndex ? _members.Length > 0 : _main.IsColumnActive(_main.Schema[column.Name]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index != _scoreIndex) return _main.GetGetter<TValue>(_main.Schema[column.Name]);
        if (typeof(TValue) != typeof(float)) throw new InvalidOperationException("Score is Single.");
        ValueGetter<float> getter = (ref float value) =>
        {
            double sum = 0;
            float score = 0;
            for (var m = 0; m < _scores.Length; m++)
            {
                _scores[m](ref score);
                sum += _weights[m] * score;
            }
            value = (float)sum;
        };
        return (ValueGetter<TValue>)(Delegate)getter;
    }

    public override bool MoveNext()
    {
        if (!_main.MoveNext()) return false;
        foreach (var member in _members)
        {
            if (!member.MoveNext()) throw new InvalidOperationException("an ensemble member returned fewer rows than its input");
        }
        _position++;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _main.Dispose();
            foreach (var member in _members) member.Dispose();
        }
        base.Dispose(disposing);
    }
}
