using System.Text.RegularExpressions;
using Microsoft.ML;
using MlPipeline.Cli.Tests.Faults;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Serving;

/// <summary>
/// A model trained once (one SDCA trial on the synthetic data, a second or two) and a real <c>mlpipeline serve</c>
/// process on a free loopback port (port 0; the port is read from its "listening on" line) with a small body limit,
/// serving the model with interval outputs added (<c>Lower</c> = Score − 2, <c>Upper</c> = Score + 2), as interval
/// models will have them.
/// </summary>
public sealed partial class ServedModel : IDisposable
{
    public const long MaxBodyBytes = 64 * 1024;

    private readonly TempDirectory _dir = new();
    private readonly CliProcess _server;

    public ServedModel()
    {
        var data = _dir.Write("train.csv", SyntheticData.Csv(300));
        var result = new RegressionExperiment(new MLContext(seed: 1))
            .WithOptions(new ExperimentOptions
            {
                DataPath = data, Label = SyntheticData.Label, Trainers = "sdca", MaxTrials = 1, Parallelism = 1, CrossValidationFolds = 1,
                TimeBudget = TimeSpan.FromSeconds(30),
                // Without a calibrated interval: the fixture adds bounds of a known width itself.
                IntervalLevel = null,
            })
            .Run();
        Directory.CreateDirectory(_dir.File("model"));
        ModelPath = _dir.File("model/model.onnx");
        result.ExportOnnx(ModelPath);
        IntervalModelPath = WithInterval(ModelPath, _dir.File("interval.onnx"));
        (_server, BaseAddress) = Start(_dir.Path, IntervalModelPath, "--max-body-bytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The exported model, without interval outputs.</summary>
    public string ModelPath { get; }

    /// <summary>The model the fixture's server serves: <see cref="ModelPath"/> plus Lower/Upper outputs.</summary>
    public string IntervalModelPath { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Write(string name, string text) => _dir.Write(name, text);

    /// <summary>Starts <c>mlpipeline serve --model MODEL --urls http://127.0.0.1:0 MORE</c> and waits for its address.</summary>
    internal static (CliProcess Server, Uri Address) Start(string workingDirectory, string model, params string[] more)
    {
        var server = CliProcess.Start(workingDirectory, ["serve", "--model", model, "--urls", "http://127.0.0.1:0", .. more]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !server.HasExited)
        {
            if (Listening().Match(server.Error) is { Success: true } match) return (server, new Uri(match.Groups[1].Value));
            Thread.Sleep(50);
        }
        var error = server.Error;
        server.Dispose();
        throw new InvalidOperationException($"serve did not start: {error}");
    }

    private static string WithInterval(string source, string target)
    {
        var model = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(source));
        var half = new global::Onnx.TensorProto { Name = "interval_half_width", DataType = (int)global::Onnx.TensorProto.Types.DataType.Float };
        half.FloatData.Add(2f);
        model.Graph.Initializer.Add(half);
        foreach (var (op, name) in new[] { ("Sub", "Lower"), ("Add", "Upper") })
        {
            var node = new global::Onnx.NodeProto { OpType = op, Name = name };
            node.Input.Add("Score");
            node.Input.Add(half.Name);
            node.Output.Add(name);
            model.Graph.Node.Add(node);
            var output = model.Graph.Output.Single(o => o.Name == "Score").Clone();
            output.Name = name;
            model.Graph.Output.Add(output);
        }
        File.WriteAllBytes(target, Google.Protobuf.MessageExtensions.ToByteArray(model));
        return target;
    }

    public void Dispose()
    {
        Client.Dispose();
        _server.Dispose();
        _dir.Dispose();
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
