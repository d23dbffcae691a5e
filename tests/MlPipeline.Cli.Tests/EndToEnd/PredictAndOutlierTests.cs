using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.EndToEnd;

/// <summary><c>predict</c> with model.onnx, damaged model files, and <c>--drop-label-outliers</c>, all through the CLI.</summary>
[Collection("console")]
public sealed class PredictAndOutlierTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string TrainSdca(string name, string data, params string[] more)
    {
        var model = _dir.File(name);
        var (code, error) = CliRunner.Run(["train", "--dataset", data, "--label-col", "y", "--trainers", "sdca", "--output", model,
            "--max-trials", "1", "--parallelism", "1", "--quiet", .. more]);
        Assert.True(code == 0, error);
        return model;
    }

    private float[] Predict(string model, string data)
    {
        var output = _dir.File($"p-{Guid.NewGuid():N}.csv");
        var (code, error) = CliRunner.Run("predict", "--model", model, "--dataset", data, "--output", output, "--quiet");
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(output);
        Assert.StartsWith("Score", lines[0]);
        return [.. lines.Skip(1).Select(l => float.Parse(l.Split(',')[0], CultureInfo.InvariantCulture))];
    }

    [Fact]
    public void Predict_With_Model_Onnx_Scores_Every_Row_As_Model_Zip_Does()
    {
        // Given: a trained model folder with both files, and new rows without a label
        var data = _dir.Write("d.csv", SyntheticData.Csv(300));
        var model = TrainSdca("m", data);
        var rows = _dir.Write("new.csv", SyntheticData.Csv(40, seed: 9, withLabel: false));
        Assert.True(File.Exists(Path.Combine(model, "model.onnx")), "model.onnx written");

        // When
        var byZip = Predict(model, rows);
        var byOnnx = Predict(Path.Combine(model, "model.onnx"), rows);

        // Then: one score per row in order, equal within the parity tolerance train checked (1e-5 of the label range)
        Assert.Equal(40, byOnnx.Length);
        var labels = File.ReadAllLines(data).Skip(1).Select(l => double.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture)).ToList();
        var tolerance = 1e-5 * (labels.Max() - labels.Min());
        Assert.All(byZip.Zip(byOnnx), p => Assert.InRange((double)Math.Abs(p.First - p.Second), 0.0, tolerance));
        Assert.True(byOnnx.Distinct().Count() > 30, "the scores depend on the rows");
    }

    [Fact]
    public void A_Corrupt_Model_Zip_Entry_Or_Model_Onnx_Is_Bad_Input_Naming_The_File_And_The_Entry()
    {
        // Given: copies of a trained model with one damaged zip entry, a schema entry that is not JSON, and a cut ONNX file
        var model = TrainSdca("m", _dir.Write("d.csv", SyntheticData.Csv(200)));
        var rows = _dir.Write("new.csv", SyntheticData.Csv(20, seed: 9, withLabel: false));
        var damaged = _dir.File("damaged.zip");
        File.Copy(Path.Combine(model, "model.zip"), damaged);
        var entry = FlipAByteInTheLargestEntry(damaged);
        var badSchema = _dir.File("bad-schema.zip");
        File.Copy(Path.Combine(model, "model.zip"), badSchema);
        using (var zip = ZipFile.Open(badSchema, ZipArchiveMode.Update))
        {
            zip.GetEntry("MlPipeline/schema.json")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("MlPipeline/schema.json").Open());
            writer.Write("{\"columns\": [ this is not json");
        }
        var onnx = File.ReadAllBytes(Path.Combine(model, "model.onnx"));
        var cut = _dir.WriteBytes("cut.onnx", onnx[..(onnx.Length / 2)]);

        // When
        var results = new[] { damaged, badSchema, cut }
            .Select(file => CliRunner.Run("predict", "--model", file, "--dataset", rows, "--output", _dir.File("p.csv"), "--quiet")).ToList();

        // Then: exit 2, one line naming the file (and the entry), and no predictions written
        Assert.All(results, r => Assert.Equal(2, r.ExitCode));
        Assert.All(results, r => Assert.Single(r.Error.Trim().Split('\n')));
        Assert.StartsWith($"error: {damaged}: entry '{entry}' is corrupt", results[0].Error);
        Assert.StartsWith($"error: {badSchema} (entry MlPipeline/schema.json): not a valid schema", results[1].Error);
        Assert.StartsWith($"error: {cut}: not a loadable ONNX model", results[2].Error);
        Assert.False(File.Exists(_dir.File("p.csv")));
    }

    [Fact]
    public void Drop_Label_Outliers_Removes_Them_From_Training_Through_The_Cli()
    {
        // Given: 300 clean rows of which 6 have a wild label, and clean rows to score
        var lines = SyntheticData.Csv(300).TrimEnd('\n').Split('\n').ToList();
        foreach (var i in new[] { 10, 60, 110, 160, 210, 260 })
        {
            var cells = lines[i].Split(',');
            cells[^1] = "5000";
            lines[i] = string.Join(',', cells);
        }
        var data = _dir.Write("wild.csv", string.Join('\n', lines) + "\n");
        var clean = _dir.Write("clean.csv", SyntheticData.Csv(60, seed: 11));
        var truth = File.ReadAllLines(clean).Skip(1).Select(l => double.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture)).ToList();

        // When: the same run with and without the flag
        var kept = TrainSdca("kept", data);
        var dropped = TrainSdca("dropped", data, "--drop-label-outliers");

        // Then: both detect the outliers, only the flagged run trains without them, and its model is the better one on clean rows
        using var keptMetrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(kept, "metrics.json")));
        using var droppedMetrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dropped, "metrics.json")));
        var (keptOutliers, droppedOutliers) = (keptMetrics.RootElement.GetProperty("labelOutliers"), droppedMetrics.RootElement.GetProperty("labelOutliers"));
        Assert.False(keptOutliers.GetProperty("dropped").GetBoolean());
        Assert.True(droppedOutliers.GetProperty("dropped").GetBoolean());
        var count = droppedOutliers.GetProperty("count").GetInt64();
        Assert.InRange(count, 1, 6);
        Assert.Equal(keptOutliers.GetProperty("count").GetInt64(), count);
        Assert.Equal(keptMetrics.RootElement.GetProperty("split").GetProperty("trainRows").GetInt64() - count,
            droppedMetrics.RootElement.GetProperty("split").GetProperty("trainRows").GetInt64());
        double Mae(float[] scores) => scores.Zip(truth, (s, t) => Math.Abs(s - t)).Average();
        var (maeKept, maeDropped) = (Mae(Predict(kept, clean)), Mae(Predict(dropped, clean)));
        Assert.True(maeDropped < maeKept / 2, $"MAE on clean rows: {maeDropped} with the outliers dropped, {maeKept} with them kept");
    }

    /// <summary>Flips one byte in the middle of the stored data of the zip's largest entry; returns the entry's name.</summary>
    private static string FlipAByteInTheLargestEntry(string path)
    {
        string name;
        long compressed;
        using (var zip = ZipFile.OpenRead(path))
        {
            var largest = zip.Entries.MaxBy(e => e.CompressedLength)!;
            (name, compressed) = (largest.FullName, largest.CompressedLength);
        }
        var bytes = File.ReadAllBytes(path);
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 30 < bytes.Length; i++)
        {
            // A local file header: PK\3\4, then at +26 the name length and at +28 the extra field length, then the name.
            if (bytes[i] != 0x50 || bytes[i + 1] != 0x4B || bytes[i + 2] != 3 || bytes[i + 3] != 4) continue;
            int nameLength = BitConverter.ToUInt16(bytes, i + 26), extraLength = BitConverter.ToUInt16(bytes, i + 28);
            if (nameLength != nameBytes.Length || !bytes.AsSpan(i + 30, nameLength).SequenceEqual(nameBytes)) continue;
            var at = i + 30 + nameLength + extraLength + (int)(compressed / 2);
            bytes[at] ^= 0x5A;
            File.WriteAllBytes(path, bytes);
            return name;
        }
        throw new InvalidOperationException($"no local header for {name}");
    }
}
