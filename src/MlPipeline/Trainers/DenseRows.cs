namespace MlPipeline.Trainers;

/// <summary>
/// Training rows read into dense arrays (row-major features, one label per row), held so that the trainer that copies
/// them elsewhere can let them go: at a million rows the features are most of a gigabyte, and a network that kept them
/// beside its tensors held them twice for its whole training.
/// </summary>
internal sealed class DenseRows(float[] features, float[] labels, int rows) : IFeatureBlocks
{
    private float[]? _features = features;

    /// <summary>The features, row after row.</summary>
    /// <exception cref="InvalidOperationException">After <see cref="Release"/>.</exception>
    public float[] Features => _features ?? throw new InvalidOperationException("the rows were released");

    /// <summary>One label per row.</summary>
    public float[] Labels { get; } = labels;

    /// <summary>The number of rows.</summary>
    public int Rows { get; } = rows;

    /// <inheritdoc />
    public float[] ReadBlocks(int blockRows, Action<float[], int, int> block)
    {
        var x = Features;
        var size = Rows == 0 ? 0 : x.Length / Rows;
        var buffer = new float[Math.Max(1, Math.Min(blockRows, Rows)) * (long)size];
        for (int first = 0; first < Rows; first += blockRows)
        {
            var count = Math.Min(blockRows, Rows - first);
            Array.Copy(x, (long)first * size, buffer, 0, (long)count * size);
            block(buffer, first, count);
        }
        return Labels;
    }

    /// <summary>Drops this holder's reference to the features, so the garbage collector can take them once no one else holds them.</summary>
    public void Release() => _features = null;
}
