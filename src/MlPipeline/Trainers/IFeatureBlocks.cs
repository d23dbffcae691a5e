namespace MlPipeline.Trainers;

/// <summary>
/// Training rows with a finite label, handed over block by block, so that a trainer with a store of its own (a
/// network's tensor) copies them there without a second full copy in managed memory: at a million rows two networks
/// starting together held 0.74 GB of read rows each beside their tensors, the 1M-row scale run's 4.2 GB peak.
/// </summary>
internal interface IFeatureBlocks
{
    /// <summary>The number of rows.</summary>
    int Rows { get; }

    /// <summary>
    /// Calls <paramref name="block"/> with consecutive blocks of at most <paramref name="blockRows"/> rows (row-major
    /// features, valid for the call only; the index of the block's first row; its row count), and returns one label per row.
    /// </summary>
    float[] ReadBlocks(int blockRows, Action<float[], int, int> block);

    /// <summary>Lets go of any rows held in memory once they have been copied.</summary>
    void Release();
}
