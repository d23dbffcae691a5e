using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Trainers.Neural;

/// <summary>A network's scores of a view's rows, predicted in blocks of rows so torch is called once per block.</summary>
internal sealed class NeuralRowScores : IRowScores
{
    private const int BlockRows = 1024;
    private readonly NeuralRegressionTransformer _model;
    private readonly DataViewRowCursor _features;
    private readonly ValueGetter<VBuffer<float>> _getter;
    private float[] _scores = [];
    // One block buffer per cursor: at a few hundred features a block is past the large-object threshold, and a fresh
    // one per block left gigabytes of garbage for the rare gen-2 collections while 200k test rows were scored.
    private readonly float[] _block;
    private readonly float[] _row;
    private int _inBlock;

    public NeuralRowScores(IDataView input, NeuralRegressionTransformer model)
    {
        _model = model;
        _block = new float[BlockRows * model.InputSize];
        _row = new float[model.InputSize];
        // Its own cursor over the features runs a block ahead of the rows being read.
        var features = input.Schema[model.TrainingOptions.FeatureColumnName];
        _features = input.GetRowCursor([features]);
        _getter = _features.GetGetter<VBuffer<float>>(features);
    }

    public float Current => _scores[_inBlock - 1];

    public bool MoveNext()
    {
        if (_inBlock >= _scores.Length) FillBlock();
        if (_inBlock >= _scores.Length) return false;
        _inBlock++;
        return true;
    }

    private void FillBlock()
    {
        int d = _model.InputSize;
        VBuffer<float> buf = default;
        int rows = 0;
        while (rows < BlockRows && _features.MoveNext())
        {
            _getter(ref buf);
            buf.CopyTo(_row);
            Array.Copy(_row, 0, _block, rows * d, d);
            rows++;
        }
        _scores = rows == 0 ? [] : _model.Predict(rows == BlockRows ? _block : _block[..(rows * d)], rows);
        _inBlock = 0;
    }

    public void Dispose() => _features.Dispose();
}
