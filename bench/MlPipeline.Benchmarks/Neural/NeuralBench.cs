using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Trainers.Neural;
using TorchSharp;
using static TorchSharp.torch;
using static MlPipeline.Benchmarks.CommandLine;

namespace MlPipeline.Benchmarks.Neural;

/// <summary>
/// Training throughput of each network estimator (mlp, resnet, realmlp, tabm at their defaults) against the same-shape
/// PyTorch loop in <c>torch_throughput.py</c>, side by side in one run, with the achieved GFLOP/s; the MLP also against a
/// bare TorchSharp loop (the estimator's own overhead). "neural ames TRAIN TEST" scores the Ames split instead.
/// </summary>
internal static class NeuralBench
{
    private const int Rows = 50_000, Cols = 50, Batch = 256, Epochs = 3, Seed = 42;
    private const string Python = "/usr/bin/python3";

    /// <summary>One network as both sides train it: rows and epochs sized so a side's run takes seconds, and its forward multiply-adds per row.</summary>
    private sealed record Arch(string Name, int Rows, int Epochs, Func<MLContext, NeuralTrainingOptions, IEstimator<ITransformer>> Estimator, long MacsPerRow);

    private static readonly Arch[] s_archs =
    [
        new("mlp", Rows, Epochs, (ml, t) => ml.Regression.Trainers.Mlp(new MlpOptions { Training = t }),
            Cols * 256L + 2 * 256 * 256 + 256),
        new("resnet", Rows, Epochs, (ml, t) => ml.Regression.Trainers.ResNet(new ResNetOptions { Training = t }),
            Cols * 192L + 2 * (2 * 192 * 384) + 192),
        new("realmlp", Rows, Epochs, (ml, t) => ml.Regression.Trainers.Mlp(MlpOptions.RealMlp with { Training = Measured(MlpOptions.RealMlp.Training, t) }),
            Cols * 16L * 3 + 4L * Cols * 256 + 2 * 256 * 256 + 256),
        new("tabm", 4_096, 2, (ml, t) => ml.Regression.Trainers.TabM(new TabMOptions { Training = Measured(new TabMOptions().Training, t) }),
            32L * (Cols * 512 + 2 * 512 * 512 + 512)),
    ];

    public static void Run(string[] args)
    {
        if (args.Length >= 3 && args[0] == "ames")
        {
            AmesEvaluation.Run(args[1], args[2]);
            return;
        }
        int threads = Arg(args, "--threads", args.Length > 0 && int.TryParse(args[0], out var positional) ? positional : Environment.ProcessorCount);
        int rounds = Arg(args, "--rounds", 3);
        var names = (Arg(args, "--arch") ?? "mlp,resnet,realmlp,tabm").Split(',');
        var unknown = names.Where(n => s_archs.All(a => a.Name != n)).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"--arch: unknown network(s) {string.Join(", ", unknown)}; known: {string.Join(", ", s_archs.Select(a => a.Name))}");
        torch.set_num_threads(threads);
        var script = Path.Combine(Repository.Root(), "bench", "MlPipeline.Benchmarks", "Neural", "torch_throughput.py");

        var (x, y) = Synthetic();
        var ml = new MLContext(seed: Seed);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, Rows).Select(i => new Row { Features = x[(i * Cols)..((i + 1) * Cols)], Label = y[i] }),
            SchemaDefinition.Create(typeof(Row)).Also(s => s[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Cols)));
        var training = new NeuralTrainingOptions
        {
            Threads = threads, BatchSize = Batch, MaxEpochs = Epochs, MaxRowsPerEpoch = 0, ValidationFraction = 0, Schedule = LearningRateSchedule.Constant, Seed = Seed,
        };

        Console.WriteLine($"{Cols} inputs, batch {Batch}, {threads} threads, best of {rounds} alternating rounds; PyTorch: {script}");
        var table = new List<string>();
        foreach (var arch in s_archs.Where(a => names.Contains(a.Name)))
        {
            var rows = ml.Data.TakeRows(data, arch.Rows);
            var options = training with { MaxEpochs = arch.Epochs };
            // Warm-up once so JIT and torch's allocator are not measured.
            arch.Estimator(ml, options with { MaxEpochs = 1 }).Fit(ml.Data.TakeRows(data, 2048));
            double ours = double.MaxValue, theirs = 0;
            string torchVersion = "";
            for (int round = 0; round < rounds; round++)
            {
                var sw = Stopwatch.StartNew();
                var model = (NeuralRegressionTransformer)arch.Estimator(ml, options).Fit(rows);
                double seconds = sw.Elapsed.TotalSeconds;
                ours = Math.Min(ours, seconds);
                var (rate, version) = PyTorch(script, arch, threads);
                theirs = Math.Max(theirs, rate);
                torchVersion = version;
                Console.WriteLine($"  {arch.Name} round {round + 1}: estimator {(double)arch.Rows * arch.Epochs / seconds,9:N0} rows/s ({seconds:F2} s, final train loss {model.Curve.Epochs[^1].TrainLoss:F4}), PyTorch {rate,9:N0} rows/s");
            }
            double oursRate = (double)arch.Rows * arch.Epochs / ours;
            // Training ≈ 3 forward passes (forward, gradient of the inputs, gradient of the weights), 2 FLOPs a multiply-add.
            double flopsPerRow = 6.0 * arch.MacsPerRow;
            table.Add($"{arch.Name,-8} {arch.Rows,7:N0} x {arch.Epochs}  {oursRate,12:N0}  {theirs,12:N0}  {oursRate / theirs,6:F2}x  {oursRate * flopsPerRow / 1e9,8:F1}  {theirs * flopsPerRow / 1e9,8:F1}  {flopsPerRow / 1e6,8:F2}   torch {torchVersion}");
        }

        Console.WriteLine();
        Console.WriteLine("network     rows x epochs  ours rows/s  PyTorch rows/s   ratio  ours GFLOP/s  PyTorch GFLOP/s  MFLOP/row");
        foreach (var line in table) Console.WriteLine(line);
        Console.WriteLine("GFLOP/s counts 6 FLOPs per forward multiply-add of the linear layers (forward + backward), the same count for both sides.");

        if (names.Contains("mlp")) BareOverhead(ml, data, x, y, training, rounds);
        Console.WriteLine($"  peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB");
    }

    /// <summary>A network's own training defaults (optimiser, rate, clipping) with what the bench fixes for both sides.</summary>
    private static NeuralTrainingOptions Measured(NeuralTrainingOptions defaults, NeuralTrainingOptions bench) => defaults with
    {
        BatchSize = bench.BatchSize, MaxEpochs = bench.MaxEpochs, MaxRowsPerEpoch = bench.MaxRowsPerEpoch, ValidationFraction = bench.ValidationFraction,
        Schedule = bench.Schedule, Threads = bench.Threads, Seed = bench.Seed,
    };

    private static (double RowsPerSecond, string Version) PyTorch(string script, Arch arch, int threads)
    {
        static string S(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, output, error) = Repository.Run(Python,
            [script, "--arch", arch.Name, "--rows", S(arch.Rows), "--cols", S(Cols), "--batch", S(Batch), "--epochs", S(arch.Epochs), "--threads", S(threads)]);
        if (code != 0) throw new InvalidOperationException($"{Python} {script} --arch {arch.Name} exited {code} (PyTorch installed? bash ../shared/peers/setup.sh): {error.Trim()}");
        using var json = System.Text.Json.JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return (json.RootElement.GetProperty("rows_per_s").GetDouble(), json.RootElement.GetProperty("torch").GetString() ?? "");
    }

    /// <summary>The MLP estimator against the same net in a bare TorchSharp loop: what the estimator adds around libtorch.</summary>
    private static void BareOverhead(MLContext ml, IDataView data, float[] x, float[] y, NeuralTrainingOptions training, int rounds)
    {
        var options = new MlpOptions { HiddenLayers = [256, 256, 256], Dropout = 0.1, Training = training };
        Bare(x[..(2048 * Cols)], y[..2048], 2048, 1);
        double wrapped = double.MaxValue, bare = double.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            var sw = Stopwatch.StartNew();
            ml.Regression.Trainers.Mlp(options).Fit(data);
            wrapped = Math.Min(wrapped, sw.Elapsed.TotalSeconds);
            sw.Restart();
            Bare(x, y, Rows, Epochs);
            bare = Math.Min(bare, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"MLP 3x256 estimator (Fit incl. IDataView read) {wrapped:F2} s against a bare TorchSharp loop {bare:F2} s: overhead {(wrapped / bare - 1) * 100:F1} %");
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
