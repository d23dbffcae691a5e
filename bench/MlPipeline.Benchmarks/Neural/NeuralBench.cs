using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Trainers.Neural;
using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Benchmarks.Neural;

/// <summary>Throughput of the MLP estimator against a bare TorchSharp loop; "neural ames TRAIN TEST" scores the Ames split.</summary>
internal static class NeuralBench
{
    private const int Rows = 50_000, Cols = 50, Batch = 256, Epochs = 3, Seed = 42, Rounds = 3;

    public static void Run(string[] args)
    {
        if (args.Length >= 3 && args[0] == "ames")
        {
            AmesEvaluation.Run(args[1], args[2]);
            return;
        }
        torch.set_num_threads(args.Length > 0 && int.TryParse(args[0], out var threads) ? threads : Environment.ProcessorCount);
        var (x, y) = Synthetic();
        var ml = new MLContext(seed: Seed);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, Rows).Select(i => new Row { Features = x[(i * Cols)..((i + 1) * Cols)], Label = y[i] }),
            SchemaDefinition.Create(typeof(Row)).Also(s => s[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Cols)));
        var options = new MlpOptions
        {
            HiddenLayers = [256, 256, 256], Dropout = 0.1,
            Training = new NeuralTrainingOptions { Threads = torch.get_num_threads(), BatchSize = Batch, MaxEpochs = Epochs, ValidationFraction = 0, Schedule = LearningRateSchedule.Constant, Seed = Seed },
        };

        // Warm-up both paths once so JIT and torch's allocator are not measured.
        ml.Regression.Trainers.Mlp(options with { Training = options.Training with { MaxEpochs = 1 } }).Fit(ml.Data.TakeRows(data, 2048));
        Bare(x[..(2048 * Cols)], y[..2048], 2048, 1);

        // Alternating rounds, best of each, so drift in machine load does not favour one side.
        double wrapped = double.MaxValue, bare = double.MaxValue;
        NeuralRegressionTransformer? model = null;
        for (int round = 0; round < Rounds; round++)
        {
            var sw = Stopwatch.StartNew();
            model = ml.Regression.Trainers.Mlp(options).Fit(data);
            double w = sw.Elapsed.TotalSeconds;
            sw.Restart();
            Bare(x, y, Rows, Epochs);
            double b = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"  round {round + 1}: estimator {w:F2} s, bare {b:F2} s");
            wrapped = Math.Min(wrapped, w);
            bare = Math.Min(bare, b);
        }

        double wrappedRate = (double)Rows * Epochs / wrapped, bareRate = (double)Rows * Epochs / bare;
        Console.WriteLine($"MLP 3x256, {Rows}x{Cols}, batch {Batch}, {Epochs} epochs, {torch.get_num_threads()} threads, best of {Rounds} alternating rounds");
        Console.WriteLine($"  estimator (Fit incl. IDataView read): {wrapped,7:F2} s  {wrappedRate,10:N0} rows/s");
        Console.WriteLine($"  bare TorchSharp loop:                 {bare,7:F2} s  {bareRate,10:N0} rows/s");
        Console.WriteLine($"  wrapper overhead: {(wrapped / bare - 1) * 100:F1} %");
        Console.WriteLine($"  final train loss: {model!.Curve.Epochs[^1].TrainLoss:F4}");
        Console.WriteLine($"  peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB");
    }

    private static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }

    private static (float[] X, float[] Y) Synthetic()
    {
        var rng = new Random(Seed);
        var x = new float[Rows * Cols];
        var y = new float[Rows];
        for (int i = 0; i < Rows; i++)
        {
            double s = 0;
            for (int j = 0; j < Cols; j++)
            {
                float v = (float)(rng.NextDouble() * 2 - 1);
                x[i * Cols + j] = v;
                s += j % 3 == 0 ? Math.Sin(3 * v) : v * v * (j % 5);
            }
            y[i] = (float)(s + 0.1 * rng.NextDouble());
        }
        return (x, y);
    }

    /// <summary>Same net, optimiser, batches and clipping as the estimator, with nothing around it.</summary>
    private static void Bare(float[] x, float[] y, int rows, int epochs)
    {
        torch.manual_seed(Seed);
        double mean = y.Average(), std = Math.Sqrt(y.Average(v => (v - mean) * (v - mean)));
        using var xt = torch.tensor(x, new long[] { rows, Cols });
        using var yt = torch.tensor(y.Select(v => (float)((v - mean) / std)).ToArray(), new long[] { rows, 1 });
        using var net = nn.Sequential(
            nn.Linear(Cols, 256), nn.ReLU(), nn.Dropout(0.1),
            nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.1),
            nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.1),
            nn.Linear(256, 1));
        using (torch.no_grad())
        {
            // Same initialisation as the estimator, so both runs do arithmetic on similar magnitudes.
            foreach (var lin in net.modules().OfType<TorchSharp.Modules.Linear>())
            {
                nn.init.kaiming_uniform_(lin.weight, a: 0);
                nn.init.zeros_(lin.bias!);
            }
        }
        using var opt = optim.AdamW(net.parameters(), 1e-3, weight_decay: 1e-5);
        var rng = new Random(Seed);
        var perm = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
        net.train();
        for (int e = 0; e < epochs; e++)
        {
            rng.Shuffle(perm);
            for (int start = 0; start < rows; start += Batch)
            {
                int len = Math.Min(Batch, rows - start);
                using var scope = torch.NewDisposeScope();
                var idx = torch.tensor(perm.AsSpan(start, len).ToArray());
                opt.zero_grad();
                var loss = nn.functional.mse_loss(net.call(xt.index_select(0, idx)), yt.index_select(0, idx));
                loss.backward();
                nn.utils.clip_grad_norm_(net.parameters(), 1.0);
                opt.step();
                loss.item<float>();
            }
        }
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }
}
