using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Testing;
using Google.Protobuf;
using Onnx;

namespace MlPipeline.Runtime.Tests;

/// <summary>
/// One real model for the test run: a short run of the pipeline on numbers (some missing), a category, a yes/no column
/// and a date, exported to <c>model.onnx</c>; plus the pipeline's own way of scoring a CSV file with it (its CSV
/// reader, then ONNX Runtime), which the runtime must match.
/// </summary>
public sealed class ExportedModel : IDisposable
{
    public const string Collection = "exported model";

    private readonly TempDirectory _dir = new();

    public ExportedModel()
    {
        var data = _dir.Write("train.csv", Csv(300, seed: 1, withLabel: true));
        var result = new RegressionExperiment(new MLContext(seed: 1))
            .WithOptions(new ExperimentOptions
            {
                DataPath = data, Label = "y", Trainers = "sdca", MaxTrials = 1, Parallelism = 1, CrossValidationFolds = 1, TimeBudget = TimeSpan.FromSeconds(30),
                IntervalLevel = null,
            })
            .Run();
        Path = _dir.File("model.onnx");
        result.ExportOnnx(Path);
        Schema = result.Schema;
    }

    /// <summary>The exported model file.</summary>
    public string Path { get; }

    /// <summary>The schema the model was trained with.</summary>
    public DataSchema Schema { get; }

    public string Write(string name, string text) => _dir.Write(name, text);

    /// <summary>
    /// The model with interval outputs of a known width added: <c>Lower</c> = Score − 1.5 and <c>Upper</c> = Score + 1.5.
    /// </summary>
    public string VariantPath()
    {
        var path = _dir.File("variant.onnx");
        if (File.Exists(path)) return path;
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path));
        var graph = model.Graph;
        var half = new TensorProto { Name = "half_width", DataType = (int)TensorProto.Types.DataType.Float };
        half.FloatData.Add(1.5f);
        graph.Initializer.Add(half);
        foreach (var (op, name) in new[] { ("Sub", "Lower"), ("Add", "Upper") })
        {
            var node = new NodeProto { OpType = op, Name = name };
            node.Input.Add("Score");
            node.Input.Add("half_width");
            node.Output.Add(name);
            graph.Node.Add(node);
            var output = graph.Output.Single(o => o.Name == "Score").Clone();
            output.Name = name;
            graph.Output.Add(output);
        }
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>Scores a CSV file the pipeline's way: its reader, then every input straight into ONNX Runtime.</summary>
    public float[] PipelineScores(string csvPath)
    {
        var view = CsvDataLoader.Load(csvPath, Schema, LoadMode.Scoring);
        using var session = new InferenceSession(Path);
        var values = new List<OrtValue>();
        try
        {
            foreach (var (name, meta) in session.InputMetadata)
            {
                var column = view.Schema[name];
                if (meta.ElementDataType == TensorElementType.String)
                {
                    // A boolean is loaded as 1/0/NaN; the model takes the cell, any word the reader accepts.
                    string[] text = column.Type is TextDataViewType
                        ? [.. view.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString())]
                        : [.. view.GetColumn<float>(column).Select(v => v == 1 ? "true" : v == 0 ? "false" : "")];
                    values.Add(OrtValue.CreateFromStringTensor(new DenseTensor<string>(text, [text.Length, 1])));
                }
                else
                {
                    float[] numbers = [.. view.GetColumn<float>(column)];
                    values.Add(OrtValue.CreateTensorValueFromMemory(numbers, [numbers.Length, 1]));
                }
            }
            using var options = new RunOptions();
            using var outputs = session.Run(options, session.InputMetadata.Keys.ToList(), values, ["Score"]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    /// <summary>y = 20 + 3·x1 − 2·x2 + 4·[city = b] + 2·[flag] + month/2 + noise; x2 is sometimes missing (empty or NA).</summary>
    public static string Csv(int rows, int seed, bool withLabel)
    {
        var random = new Random(seed);
        var text = new StringBuilder(withLabel ? "x1,x2,city,flag,when,y\n" : "x1,x2,city,flag,when\n");
        string[] cities = ["a", "b", "c", "d"];
        for (var i = 0; i < rows; i++)
        {
            double x1 = random.NextDouble() * 4 - 2, x2 = random.NextDouble() * 4 - 2;
            var city = cities[random.Next(cities.Length)];
            var flag = random.Next(2) == 0;
            var when = new DateTime(2020, 1, 1).AddDays(random.Next(40) * 9);
            var y = 20 + 3 * x1 - 2 * x2 + (city == "b" ? 4 : 0) + (flag ? 2 : 0) + when.Month / 2.0 + random.NextDouble() * 0.3;
            var x2Cell = i % 13 == 5 ? "" : i % 13 == 7 ? "NA" : F(x2);
            text.Append(CultureInfo.InvariantCulture, $"{F(x1)},{x2Cell},{city},{(flag ? "yes" : "no")},{when:yyyy-MM-dd}");
            if (withLabel) text.Append(',').Append(F(y));
            text.Append('\n');
        }
        return text.ToString();
    }

    public void Dispose() => _dir.Dispose();

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>The tests that share the one <see cref="ExportedModel"/>, trained once.</summary>
[CollectionDefinition(ExportedModel.Collection)]
public sealed class ExportedModelCollection : ICollectionFixture<ExportedModel>;
