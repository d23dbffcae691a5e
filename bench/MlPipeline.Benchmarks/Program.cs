using MlPipeline.Benchmarks.AutoMl;
using MlPipeline.Benchmarks.Neural;
using MlPipeline.Benchmarks.Onnx;
using MlPipeline.Benchmarks.Quality;
using MlPipeline.Benchmarks.Scale;
using MlPipeline.Benchmarks.Serving;
using MlPipeline.Benchmarks.Tuning;

// Each area registers one entry; `dotnet run --project bench/MlPipeline.Benchmarks -c Release -- <name> [args]`.
var benches = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    { "tuning", TuningBench.Run },
    { "automl", AutoMlBench.Run },
    { "onnx", OnnxBench.Run },
    { "quality", QualityBench.Run },
    { "neural", args => { NeuralBench.Run(args); return 0; } },
    { "serve", ServeBench.Run },
    { "scale", ScaleBench.Run },
};

if (args.Length == 0 || !benches.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: MlPipeline.Benchmarks <{string.Join("|", benches.Keys)}> [args]");
    return 2;
}

return run(args[1..]);
