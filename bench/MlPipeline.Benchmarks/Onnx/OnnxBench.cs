using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Preprocessing;
using MlPipeline.Runtime;
using MlPipeline.Trainers;
using static MlPipeline.Benchmarks.CommandLine;

namespace MlPipeline.Benchmarks.Onnx;

/// <summary>
/// Per dataset and trainer family, fitted at defaults on the training split: single-row latency (p50/p99 over the test
/// rows one at a time, each call given a fresh record) of <c>MlPipeline.Runtime</c>'s <see cref="OnnxModel"/> (a
/// dictionary of raw cells, as a user calls it) against ML.NET's <c>PredictionEngine</c> on the same fitted pipeline
/// (a fresh typed row), batch throughput on 10,000 rows (ONNX Runtime against ML.NET's Transform), the graph's node
/// count, the export's parity max error, and the runtime's worst error against ML.NET's prediction relative to it.
/// Args: [--data DIR] [--datasets concrete,ames] [--trainers a,b] [--no-batch].
/// </summary>
internal static class OnnxBench
{
    private static readonly Dictionary<string, string> s_labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["concrete"] = "compressive_strength", ["ames"] = "Sale_Price", ["diamonds"] = "price",
    };

    public static int Run(string[] args)
    {
        var data = Arg(args, "--data") ?? Splits.Find();
        var datasets = (Arg(args, "--datasets") ?? "concrete,ames").Split(',');
        var trainers = (Arg(args, "--trainers") ?? "sdca,ridge,lbfgs-poisson,fasttree,fasttree-tweedie,fastforest,gam,lightgbm").Split(',');
        var batch = !args.Contains("--no-batch");
        Console.WriteLine("ONNX bench: trained at defaults on <dataset>.train.csv; latency over <dataset>.test.csv rows one by one (fresh record each call); batch = 10,000 rows");
        Console.WriteLine("dataset  | trainer          | nodes | Runtime p50 µs | p99 µs | PredEngine p50 µs | p99 µs | ORT rows/s | ML.NET rows/s | export parity max |error| (rel) | Runtime vs predict max rel");
        foreach (var dataset in datasets)
        {
            var trainPath = Path.Combine(data, $"{dataset}.train.csv");
            var testPath = Path.Combine(data, $"{dataset}.test.csv");
            var label = s_labels.TryGetValue(dataset, out var known) ? known : File.ReadLines(trainPath).First().Split(',')[^1];
            var schema = new SchemaInferrer().Infer(trainPath, label);
            var records = Records(testPath);
            foreach (var name in trainers)
            {
                Console.WriteLine(Bench(dataset, name, trainPath, testPath, schema, label, records, batch));
            }
        }
        return 0;
    }

    private static string Bench(string dataset, string name, string trainPath, string testPath, DataSchema schema, string label,
        IReadOnlyList<Dictionary<string, string?>> records, bool batch)
    {
        var ml = new MLContext(42);
        var train = ml.Data.Cache(CsvDataLoader.Load(trainPath, schema, LoadMode.Training));
        var plan = PreprocessingPlanner.Plan(schema, train, new PreprocessingOptions());
        var candidate = TrainerRegistry.Default.Get(name);
        var chain = PreprocessingChainBuilder.Build(ml, plan)
            .Append(candidate.CreateEstimator(ml, new TrainerInput(label, ColumnNames.Features, 42, 0), candidate.Defaults)).Fit(train);
        var test = ml.Data.Cache(CsvDataLoader.Load(testPath, schema, LoadMode.Scoring));
        var path = Path.Combine(Path.GetTempPath(), $"onnx-bench-{dataset}-{name}-{Environment.ProcessId}.onnx");
        try
        {
            var report = OnnxExporter.Export(ml, chain, schema, plan, path, test, new Dictionary<string, string>());
            var nodes = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node.Count;
            var expected = chain.Transform(test).GetColumn<float>(ColumnNames.Score).ToArray();

            using var runtime = new OnnxModel(path);
            var got = records.Select(r => runtime.Score(r).Score).ToArray();
            var worst = expected.Zip(got, (e, g) => Math.Abs((double)g - e) / Math.Max(Math.Abs((double)e), 1e-30)).Max();

            var engine = new PredictionEngines(ml, chain, test.Schema);
            var values = Values(test, engine.Columns);
            var rows = values.Select(engine.Row).ToArray();
            // Interleaved call by call, so that load from elsewhere on the machine weighs on both alike.
            var (runtimeTimes, engineTimes) = Latencies(records.Count, i => runtime.Score(records[i]), i => engine.Predict(rows[i]));

            double ortRate = double.NaN, mlnetRate = double.NaN;
            if (batch)
            {
                using var scorer = new OnnxScorer(path);
                var big = Repeat(Columns(test), 10_000);
                ortRate = Throughput(() => scorer.Score(big), 10_000);
                var model = new PipelineModel(ml, chain, schema);
                mlnetRate = Throughput(() => model.Score(big), 10_000);
            }
            return string.Create(CultureInfo.InvariantCulture,
                $"{dataset,-8} | {name,-16} | {nodes,5} | {P(runtimeTimes, 0.5),14:F1} | {P(runtimeTimes, 0.99),6:F0} | {P(engineTimes, 0.5),17:F1} | {P(engineTimes, 0.99),6:F0} | {ortRate,10:F0} | {mlnetRate,13:F0} | {report.Parity.MaxAbsoluteError:G3} ({report.Parity.MaxRelativeError:E1}) | {worst:E1}");
        }
        catch (Exception e) when (e is OnnxConversionException or InvalidOperationException or ArgumentException)
        {
            return $"{dataset,-8} | {name,-16} | failed: {e.Message.Split('\n')[0]}";
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Dictionary<string, Array> Columns(IDataView view)
    {
        var columns = new Dictionary<string, Array>();
        foreach (var column in view.Schema)
        {
            columns[column.Name] = column.Type is TextDataViewType
                ? view.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).ToArray()
                : view.GetColumn<float>(column).ToArray();
        }
        return columns;
    }

    /// <summary>Each test row as the user has it: header name → raw cell.</summary>
    private static List<Dictionary<string, string?>> Records(string csvPath)
    {
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var cells = l.Split(',');
            var record = new Dictionary<string, string?>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) record[header[i]] = i < cells.Length ? cells[i] : null;
            return record;
        })];
    }

    /// <summary>Each loaded test row's values, in the engine's column order.</summary>
    private static List<object?[]> Values(IDataView view, IReadOnlyList<(string Name, bool IsText)> columns)
    {
        var byColumn = columns.Select(c => c.IsText
            ? view.GetColumn<ReadOnlyMemory<char>>(c.Name).Select(v => (object?)v.ToString()).ToArray()
            : view.GetColumn<float>(c.Name).Select(v => (object?)v).ToArray()).ToList();
        return [.. Enumerable.Range(0, byColumn[0].Length).Select(r => byColumn.Select(c => c[r]).ToArray())];
    }

    private static Dictionary<string, Array> Repeat(Dictionary<string, Array> columns, int rows)
    {
        var repeated = new Dictionary<string, Array>();
        foreach (var (name, values) in columns)
        {
            var result = Array.CreateInstance(values.GetType().GetElementType()!, rows);
            for (var i = 0; i < rows; i++) result.SetValue(values.GetValue(i % values.Length), i);
            repeated[name] = result;
        }
        return repeated;
    }

    /// <summary>Per-call times in µs of each scorer, sorted, over five passes of the rows after a warm-up pass, the two scorers taking turns.</summary>
    private static (double[] First, double[] Second) Latencies(int rows, Action<int> first, Action<int> second)
    {
        for (var i = 0; i < rows; i++) { first(i); second(i); }
        var (a, b) = (new double[rows * 5], new double[rows * 5]);
        for (var i = 0; i < a.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            first(i % rows);
            var middle = Stopwatch.GetTimestamp();
            second(i % rows);
            var end = Stopwatch.GetTimestamp();
            a[i] = Stopwatch.GetElapsedTime(start, middle).TotalMicroseconds;
            b[i] = Stopwatch.GetElapsedTime(middle, end).TotalMicroseconds;
        }
        Array.Sort(a);
        Array.Sort(b);
        return (a, b);
    }

    private static double Throughput(Action score, int rows)
    {
        score();
        var clock = Stopwatch.StartNew();
        var runs = 0;
        while (clock.Elapsed.TotalSeconds < 2 || runs < 3)
        {
            score();
            runs++;
        }
        return rows * runs / clock.Elapsed.TotalSeconds;
    }

    private static double P(double[] sorted, double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Round(q * (sorted.Length - 1)))];
}
