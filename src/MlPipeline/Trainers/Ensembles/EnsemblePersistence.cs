using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Trainers.Ensembles;

/// <summary>
/// Writes an ensemble into a model zip: ML.NET's own entries hold the heaviest member (so a plain
/// <c>MLContext.Model.Load</c> still gets a working single model), and <c>MlPipelineEnsemble/</c> holds the
/// weights and every member as a nested model zip.
/// </summary>
internal static class EnsemblePersistence
{
    private const string Prefix = "MlPipelineEnsemble/";
    private const string Manifest = Prefix + "ensemble.json";

    private static readonly JsonSerializerOptions s_json = Data.JsonDefaults.Options;

    public static void Save(MLContext ml, EnsembleTransformer ensemble, DataViewSchema inputSchema, string path)
    {
        var temps = ensemble.Members.Select(_ => Path.Combine(Path.GetTempPath(), $"mlpipeline-member-{Guid.NewGuid():N}.zip")).ToList();
        try
        {
            for (var i = 0; i < temps.Count; i++) NeuralModelPersistence.Save(ml, ensemble.Members[i].Chain, inputSchema, temps[i]);
            // The heaviest member's own zip is the outer model, so it is serialized once.
            File.Copy(temps[0], path, overwrite: true);
            using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
            var manifest = ensemble.Members.Select(m => new MemberRecord(m.Trainer, m.TrialNumber, m.Weight, m.Plan, m.Refit)).ToList();
            using (var writer = new StreamWriter(zip.CreateEntry(Manifest).Open())) writer.Write(JsonSerializer.Serialize(manifest, s_json));
            for (var i = 0; i < temps.Count; i++) zip.CreateEntryFromFile(temps[i], $"{Prefix}{i}.zip", CompressionLevel.NoCompression);
        }
        finally
        {
            foreach (var temp in temps) File.Delete(temp);
        }
    }

    /// <summary>The ensemble in <paramref name="path"/>, or null when the zip holds a single model.</summary>
    public static EnsembleTransformer? Load(MLContext ml, string path)
    {
        using var zip = ZipFile.OpenRead(path);
        if (zip.GetEntry(Manifest) is not { } entry) return null;
        List<MemberRecord> manifest;
        using (var reader = new StreamReader(entry.Open()))
        {
            manifest = JsonSerializer.Deserialize<List<MemberRecord>>(reader.ReadToEnd(), s_json) ?? [];
        }
        var members = new List<EnsembleMember>();
        for (var i = 0; i < manifest.Count; i++)
        {
            var nested = zip.GetEntry($"{Prefix}{i}.zip") ?? throw new InvalidDataException($"ensemble member {i} is missing");
            var temp = Path.Combine(Path.GetTempPath(), $"mlpipeline-member-{Guid.NewGuid():N}.zip");
            try
            {
                nested.ExtractToFile(temp);
                var chain = NeuralModelPersistence.Load(ml, temp, out _);
                var m = manifest[i];
                members.Add(new EnsembleMember(m.Trainer, m.TrialNumber, m.Weight, chain, m.Plan, m.Refit));
            }
            finally
            {
                File.Delete(temp);
            }
        }
        return new EnsembleTransformer(members);
    }

    private sealed record MemberRecord(string Trainer, int TrialNumber, double Weight, PreprocessingPlan Plan, bool Refit);
}
