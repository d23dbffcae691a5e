using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Trainers.Neural;

/// <summary>Delegates input columns to the wrapped cursor and serves Score from block predictions.</summary>
internal sealed class NeuralScoreCursor : DataViewRowCursor
{
    private readonly IDataView _view;
    private readonly DataViewRowCursor _main;
    private readonly DataViewRowCursor? _ahead;
    private readonly NeuralRegressionTransformer _model;
    private readonly int _scoreIndex;
    private readonly int _blockRows;
    private readonly ValueGetter<VBuffer<float>>? _aheadGetter;
    private float[] _scores = Array.Empty<float>();
    private int _inBlock;
    private long _position = -1;

    public NeuralScoreCursor(IDataView view, DataViewRowCursor main, DataViewRowCursor? ahead, NeuralRegressionTransformer model, int scoreIndex, int blockRows)
    {
        _view = view;
        _main = main;
        _ahead = ahead;
        _model = model;
        _scoreIndex = scoreIndex;
        _blockRows = blockRows;
        if (ahead is not null) _aheadGetter = ahead.GetGetter<VBuffer<float>>(ahead.Schema[model.TrainingOptions.FeatureColumnName]);
        _inBlock = 0;
    }

    public override DataViewSchema Schema => _view.Schema;

    public override long Position => _position;

    public override long Batch => 0;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index == _scoreIndex ? _ahead is not null : _main.IsColumnActive(_main.Schema[column.Index]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index != _scoreIndex) return _main.GetGetter<TValue>(_main.Schema[column.Index]);
        if (typeof(TValue) != typeof(float)) throw new InvalidOperationException("Score is Single.");
        ValueGetter<float> g = (ref float v) => v = _scores[_inBlock - 1];
        return (ValueGetter<TValue>)(Delegate)g;
    }

    public override bool MoveNext()
    {
        if (!_main.MoveNext()) return false;
        _position++;
        if (_ahead is not null)
        {
            if (_inBlock >= _scores.Length) FillBlock();
            _inBlock++;
        }
        return true;
    }

    private void FillBlock()
    {
        int d = _model.InputSize;
        var x = new float[_blockRows * d];
        var row = new float[d];
        VBuffer<float> buf = default;
        int rows = 0;
        while (rows < _blockRows && _ahead!.MoveNext())
        {
            _aheadGetter!(ref buf);
            buf.CopyTo(row);
            Array.Copy(row, 0, x, rows * d, d);
            rows++;
        }
        _scores = rows == 0 ? Array.Empty<float>() : _model.Predict(rows == _blockRows ? x : x[..(rows * d)], rows);
        _inBlock = 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _main.Dispose();
            _ahead?.Dispose();
        }
        base.Dispose(disposing);
    }
}
