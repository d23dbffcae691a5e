using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class NeuralTrainerMemoryTests
{
    [Fact]
    public void Should_LetTheReadRowsBeCollected_When_TrainingHasCopiedThemIntoTensors()
    {
        // Given: rows read into dense arrays that only their holder references
        var (data, features) = Rows(rows: 600, width: 8);
        var options = new MlpOptions { HiddenLayers = [16], Dropout = 0, Training = NeuralTestData.FastTraining with { MaxEpochs = 3, EarlyStoppingPatience = 0 } };
        var aliveDuringTraining = new List<bool>();

        // When: the network trains, collecting garbage after each epoch
        var trained = NeuralTrainer.Fit(new NeuralArchitecture(options, null), data, 8, report =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            aliveDuringTraining.Add(features.IsAlive);
            return true;
        }, CancellationToken.None);
        trained.Network.Dispose();

        // Then: from the first epoch on, nothing held the feature array any more
        Assert.Equal(3, aliveDuringTraining.Count);
        Assert.All(aliveDuringTraining, Assert.False);
        Assert.Throws<InvalidOperationException>(() => data.Features);
    }

    [Fact]
    public void Should_TrainTheSameNetworkFromADataViewAsFromReadRows_When_BothHoldTheSameRows()
    {
        // Given: 20,000 rows of 20 features (more than two read blocks) as a data view, and the same rows read into arrays
        const int rows = 20_000, width = 20;
        var random = new Random(5);
        var view = new MLContext(1).Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(_ =>
        {
            var x = Enumerable.Range(0, width).Select(_ => (float)random.NextDouble()).ToArray();
            return new WideRow { Features = x, Label = x[0] + x[1] };
        }).ToList());
        var read = FeatureReader.Read(view, ColumnNames.Features, ColumnNames.Label, width);
        var probe = read.Features[..(100 * width)];
        var training = NeuralTestData.FastTraining with { MaxEpochs = 2, MaxRowsPerEpoch = 4096, EarlyStoppingPatience = 0 };
        var architecture = new NeuralArchitecture(new MlpOptions { HiddenLayers = [16], Training = training }, null);

        // When: the network trains on each, the view streamed block by block into its tensor
        using var fromView = new NeuralRegressionTransformer(architecture,
            NeuralTrainer.Fit(architecture, new ViewRows(view, ColumnNames.Features, ColumnNames.Label, width), width, null, CancellationToken.None));
        using var fromRows = new NeuralRegressionTransformer(architecture, NeuralTrainer.Fit(architecture, read, width, null, CancellationToken.None));

        // Then: the same epochs and the same predictions
        Assert.Equal(fromRows.Curve.Epochs.Select(e => e.ValidationLoss), fromView.Curve.Epochs.Select(e => e.ValidationLoss));
        Assert.Equal(fromRows.Predict(probe, 100), fromView.Predict(probe, 100));
    }

    private sealed class WideRow
    {
        [VectorType(20)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    [Fact]
    public void Should_CutEachEpochToTheRowsThatFitAQuarterOfTheTime_When_AnEpochWouldTakeLonger()
    {
        // Given: 4,000 rows and a net whose epoch takes far longer than a quarter of the 20 ms it is given
        var (data, _) = Rows(rows: 4_000, width: 32);
        var (unbounded, _) = Rows(rows: 4_000, width: 32);
        var training = NeuralTestData.FastTraining with { MaxEpochs = 2, EarlyStoppingPatience = 0, ValidationFraction = 0.1 };
        NeuralArchitecture Net(double seconds) => new(new MlpOptions { HiddenLayers = [512, 512], Dropout = 0.1, Training = training with { TimeAvailableSeconds = seconds } }, null);

        // When: it trains with that time, and without any
        var cut = NeuralTrainer.Fit(Net(0.02), data, 32, null, CancellationToken.None);
        var whole = NeuralTrainer.Fit(Net(0), unbounded, 32, null, CancellationToken.None);
        cut.Network.Dispose();
        whole.Network.Dispose();

        // Then: its epochs are slices of two batches each; without a time, whole passes over the 3,600 training rows
        Assert.All(cut.Curve.Epochs, e => Assert.Equal(2 * training.BatchSize, e.Rows));
        Assert.All(whole.Curve.Epochs, e => Assert.Equal(3_600, e.Rows));
    }

    [Fact]
    public void Should_ScoreAWideTabMInSmallBlocks_When_ItsRowsHoldFarMoreThanAnMlpsDo()
    {
        // Given: the paper's TabM (32 members, 3 blocks of 512) and a 256-wide MLP, both on 289 inputs (the scale run's width)
        const int inputs = 289;
        using var tabm = NetworkBuilder.Build(new NeuralArchitecture(null, null, new TabMOptions()), inputs, seed: 1);
        using var mlp = NetworkBuilder.Build(new NeuralArchitecture(new MlpOptions { HiddenLayers = [256, 256] }, null), inputs, seed: 1);

        // When
        var tabmPerRow = ForwardBlocks.FloatsPerRow(tabm, inputs);
        var tabmRows = ForwardBlocks.Rows(tabm, inputs, most: 4096);
        var mlpRows = ForwardBlocks.Rows(mlp, inputs, most: 4096);

        // Then: a TabM row holds at least its 32 × 512 first-layer outputs, so a block is well under 4,096 rows and
        // within the byte budget; the MLP keeps the full block
        Assert.True(tabmPerRow >= 32 * 512, $"{tabmPerRow} floats a row");
        Assert.InRange(tabmRows, ForwardBlocks.FewestRows, 4095);
        Assert.True(tabmRows * tabmPerRow * sizeof(float) <= ForwardBlocks.BytesPerBlock, $"{tabmRows} rows × {tabmPerRow} floats");
        Assert.Equal(4096, mlpRows);
    }

    [Fact]
    public void Should_PredictTheSameInBlocksAsInOnePass_When_AWideNetworkScoresMoreRowsThanABlock()
    {
        // Given: a trained TabM whose block is smaller than the rows scored
        var (data, _) = Rows(rows: 300, width: 8);
        var paper = new TabMOptions();
        var architecture = new NeuralArchitecture(null, null, paper with { Members = 32, Width = 1024, Blocks = 2, Training = NeuralTestData.FastTraining with { MaxEpochs = 2 } });
        using var transformer = new NeuralRegressionTransformer(architecture, NeuralTrainer.Fit(architecture, data, 8, null, CancellationToken.None));
        var block = ForwardBlocks.Rows(transformer.Network, 8, int.MaxValue);
        Assert.True(block < 300, $"block of {block} rows");
        var (probe, _) = Rows(rows: 300, width: 8);

        // When: all rows at once, and one row at a time
        var together = transformer.Predict(probe.Features, 300);
        var single = Enumerable.Range(0, 300).Select(r => transformer.Predict(probe.Features[(r * 8)..((r + 1) * 8)], 1)[0]).ToArray();

        // Then
        Assert.Equal(single, together);
    }

    // Not inlined: the array must not live on in the test's own frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (DenseRows Data, WeakReference Features) Rows(int rows, int width)
    {
        var random = new Random(3);
        var x = new float[rows * width];
        for (var i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
        var y = new float[rows];
        for (var r = 0; r < rows; r++) y[r] = x[r * width] + 2 * x[r * width + 1];
        return (new DenseRows(x, y, rows), new WeakReference(x));
    }
}
