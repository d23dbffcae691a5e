using MlPipeline.Benchmarks.Neural;

// Each area registers one entry; run as: dotnet run -c Release --project bench/MlPipeline.Benchmarks -- <name> [args]
var benches = new Dictionary<string, Action<string[]>>(StringComparer.OrdinalIgnoreCase)
{
    { "neural", NeuralBench.Run },
};

if (args.Length == 0 || !benches.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: MlPipeline.Benchmarks <{string.Join("|", benches.Keys)}> [args]");
    return 1;
}
run(args[1..]);
return 0;
