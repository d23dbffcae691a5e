using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;

namespace MlPipeline.Benchmarks.Onnx;

/// <summary>
/// Per trainer family, fitted at defaults on the Ames training split: single-row latency (p50/p99 over the test
/// rows one at a time) and batch throughput on 10,000 rows, ONNX Runtime against ML.NET's Transform, and the
/// parity max error. Args: [--data DIR] [--trainers a,b].
/// </summary>
internal static class OnnxBench
{
    public static int Run(string[] args)
    {
        var data = Arg(args, "--data") ?? Splits.Find();
        var trainers = (Arg(args, "--trainers") ?? "sdca,lbfgs-poisson,fasttree,fasttree-tweedie,fastforest,gam,lightgbm,mlp,resnet").Split(',');
        var trainPath = Path.Combine(data, "ames.train.csv");
        var testPath = Path.Combine(data, "ames.test.csv");
        var schema = new SchemaInferrer().Infer(trainPath, "Sale_Price");
        Console.WriteLine("ONNX bench on Ames (trained at defaults on ames.train.csv; latency over ames.test.csv rows one by one; batch = 10,000 rows)");
        Console.WriteLine("trainer          | ORT p50 µs | ORT p99 µs | ML.NET p50 µs | ML.NET p99 µs | ORT rows/s | ML.NET rows/s | parity max |error| (rel)");
        foreach (var name in trainers)
        {
            var ml = new MLContext(42);
            var train = ml.Data.Cache(CsvDataLoader.Load(trainPath, schema, LoadMode.Training));
            var plan = PreprocessingPlanner.Plan(schema, train, new PreprocessingOptions());
            var candidate = TrainerRegistry.Default.Get(name);
            var chain = PreprocessingChainBuilder.Build(ml, plan)
                .Append(candidate.CreateEstimator(ml, new TrainerInput("Sale_Price", ColumnNames.Features, 42, 0), candidate.Defaults)).Fit(train);
            var test = CsvDataLoader.Load(testPath, schema, LoadMode.Scoring);
            var path = Path.Combine(Path.GetTempPath(), $"onnx-bench-{name}.onnx");
            var report = OnnxExporter.Export(ml, chain, schema, plan, path, test, new Dictionary<string, string>());
            var model = new PipelineModel(ml, chain, schema);
            var columns = Columns(test);
            var rows = columns.Values.First().Length;

            using var single = new OnnxScorer(path, singleRow: true);
            var ort = Latencies(rows, i => single.Score(Slice(columns, i, 1)));
            var mlnet = Latencies(rows, i => model.Score(Slice(columns, i, 1)));
            var big = Repeat(columns, 10_000);
            using var batch = new OnnxScorer(path);
            var ortRate = Throughput(() => batch.Score(big), 10_000);
            var mlnetRate = Throughput(() => model.Score(big), 10_000);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-16} | {P(ort, 0.5),10:F0} | {P(ort, 0.99),10:F0} | {P(mlnet, 0.5),13:F0} | {P(mlnet, 0.99),13:F0} | {ortRate,10:F0} | {mlnetRate,13:F0} | {report.Parity.MaxAbsoluteError:G3} ({report.Parity.MaxRelativeError:E1})"));
            File.Delete(path);
        }
        return 0;
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

    private static Dictionary<string, Array> Slice(Dictionary<string, Array> columns, int start, int count)
    {
        var slice = new Dictionary<string, Array>();
        foreach (var (name, values) in columns)
        {
            var part = Array.CreateInstance(values.GetType().GetElementType()!, count);
            Array.Copy(values, start, part, 0, count);
            slice[name] = part;
        }
        return slice;
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

    private static double[] Latencies(int rows, Action<int> score)
    {
        for (var i = 0; i < Math.Min(rows, 50); i++) score(i);
        var times = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var clock = Stopwatch.StartNew();
            score(i);
            times[i] = clock.Elapsed.TotalMicroseconds;
        }
        Array.Sort(times);
        return times;
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

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
