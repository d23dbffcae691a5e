using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Trainers;

/// <summary>
/// The rows of a data view whose label is finite, read in blocks: a first pass over the label alone counts them, and
/// each <see cref="ReadBlocks"/> is a pass over the features.
/// </summary>
internal sealed class ViewRows : IFeatureBlocks
{
    private readonly IDataView _data;
    private readonly string _featureColumn;
    private readonly string _labelColumn;
    private readonly int _size;

    public ViewRows(IDataView data, string featureColumn, string labelColumn, int size)
    {
        (_data, _featureColumn, _labelColumn, _size) = (data, featureColumn, labelColumn, size);
        var lcol = data.Schema[labelColumn];
        float label = 0;
        long kept = 0;
        using var counter = data.GetRowCursor([lcol]);
        var count = counter.GetGetter<float>(lcol);
        while (counter.MoveNext())
        {
            count(ref label);
            if (float.IsFinite(label)) kept++;
        }
        if (kept > Array.MaxLength) throw new InvalidOperationException($"{kept:N0} rows exceed one array ({Array.MaxLength:N0} values)");
        Rows = (int)kept;
    }

    public int Rows { get; }

    public float[] ReadBlocks(int blockRows, Action<float[], int, int> block)
    {
        var fcol = _data.Schema[_featureColumn];
        var lcol = _data.Schema[_labelColumn];
        var y = new float[Rows];
        var buffer = new float[Math.Max(1, Math.Min(blockRows, Rows)) * (long)_size];
        using var cursor = _data.GetRowCursor([fcol, lcol]);
        var fget = cursor.GetGetter<VBuffer<float>>(fcol);
        var lget = cursor.GetGetter<float>(lcol);
        VBuffer<float> features = default;
        float label = 0;
        int row = 0, inBlock = 0;
        while (cursor.MoveNext() && row < Rows)
        {
            lget(ref label);
            if (!float.IsFinite(label)) continue;
            fget(ref features);
            features.CopyTo(buffer.AsSpan(inBlock * _size, _size));
            y[row++] = label;
            if (++inBlock == blockRows)
            {
                block(buffer, row - inBlock, inBlock);
                inBlock = 0;
            }
        }
        if (inBlock > 0) block(buffer, row - inBlock, inBlock);
        if (row != Rows) throw new InvalidOperationException($"the rows changed between two passes ({Rows} labelled, then {row})");
        return y;
    }

    public void Release()
    {
    }
}
