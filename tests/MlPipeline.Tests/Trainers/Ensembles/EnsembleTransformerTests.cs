using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using MlPipeline.Tests.Onnx;
using MlPipeline.Trainers.Ensembles;

namespace MlPipeline.Tests.Trainers.Ensembles;

public sealed class EnsembleTransformerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Three whole pipelines with different preprocessing (MinMax, Robust, MeanVariance) and trainer kinds, linear, trees and a network.</summary>
    private (MLContext Ml, EnsembleTransformer Ensemble, ExportedModels.Fitted[] Parts, DataSchema Schema) Fit()
    {
        var parts = new[]
        {
            ExportedModels.Fit(_dir, "sdca", ScalerKind.MinMax),
            ExportedModels.Fit(_dir, "fasttree", ScalerKind.Robust),
            ExportedModels.Fit(_dir, "mlp"),
        };
        var weights = new[] { 0.2, 0.5, 0.3 };
        var names = new[] { "sdca", "fasttree", "mlp" };
        var members = parts.Select((p, i) => new EnsembleMember(names[i], i, weights[i], p.Chain, p.Plan, Refit: true));
        return (parts[0].Ml, new EnsembleTransformer(members.OrderByDescending(m => m.Weight)), parts, parts[0].Schema);
    }

    private IDataView HeldOut(DataSchema schema) =>
        CsvDataLoader.Load(_dir.Write("held-out.csv", SyntheticData.Csv(120, seed: 3)), schema, LoadMode.Training);

    [Fact]
    public void Scores_The_Weighted_Average_Of_Its_Members()
    {
        // Given
        var (_, ensemble, parts, schema) = Fit();
        var rows = HeldOut(schema);

        // When
        var scores = ensemble.Transform(rows).GetColumn<float>(ColumnNames.Score).ToArray();

        // Then
        var members = parts.Select(p => p.Chain.Transform(rows).GetColumn<float>(ColumnNames.Score).ToArray()).ToArray();
        Assert.Equal(120, scores.Length);
        for (var i = 0; i < scores.Length; i++)
        {
            var expected = 0.2 * members[0][i] + 0.5 * members[1][i] + 0.3 * members[2][i];
            Assert.Equal(expected, scores[i], 1e-3 * Math.Max(1, Math.Abs(expected)));
        }
        Assert.NotEqual(members[1], scores);
    }

    [Fact]
    public void Rejects_Weights_That_Are_Not_A_Distribution()
    {
        var (_, ensemble, _, _) = Fit();
        var member = ensemble.Members[0];
        Assert.Throws<ArgumentException>(() => new EnsembleTransformer([member with { Weight = 0.5 }]));
        Assert.Throws<ArgumentException>(() => new EnsembleTransformer([]));
    }

    [Fact]
    public void Saves_And_Loads_To_Identical_Predictions_And_Plain_MlNet_Gets_The_Heaviest_Member()
    {
        // Given
        var (ml, ensemble, parts, schema) = Fit();
        var model = new PipelineModel(ml, ensemble, schema);
        var scorePath = _dir.Write("score.csv", SyntheticData.Csv(40, seed: 5, withLabel: false));
        var before = model.Score(scorePath);

        // When
        model.Save(_dir.File("model.zip"));
        var loaded = PipelineModel.Load(new MLContext(2), _dir.File("model.zip"));

        // Then
        Assert.Equal(before, loaded.Score(scorePath));
        Assert.Equal(["fasttree", "mlp", "sdca"], loaded.Ensemble!.Members.Select(m => m.Trainer).ToArray());
        Assert.Equal(ensemble.Members.Select(m => m.Plan.Describe()), loaded.Ensemble.Members.Select(m => m.Plan.Describe()));
        Assert.NotNull(loaded.Network);
        var plain = new MLContext(3);
        PipelineModel.RegisterTrainerAssemblies(plain);
        var heaviest = plain.Model.Load(_dir.File("model.zip"), out _);
        var rows = loaded.Load(scorePath, LoadMode.Scoring);
        Assert.Equal(parts[1].Chain.Transform(rows).GetColumn<float>(ColumnNames.Score).ToArray(), heaviest.Transform(rows).GetColumn<float>(ColumnNames.Score).ToArray());
    }

    [Fact]
    public void Exports_To_One_Onnx_Graph_That_Matches_MlNet()
    {
        // Given
        var (ml, ensemble, _, schema) = Fit();
        var rows = HeldOut(schema);

        // When: the plan argument is the heaviest member's, as the experiment passes it; members carry their own
        var report = OnnxExporter.Export(ml, ensemble, schema, ensemble.Members[0].Plan, _dir.File("ensemble.onnx"), rows, new Dictionary<string, string>());

        // Then
        Assert.True(report.Parity.Passed, report.Parity.ToString());
        using var scorer = new OnnxScorer(report.Path);
        var hard = CsvDataLoader.Load(_dir.Write("hard.csv", "x1,x2,x3,city,flag\n0.5,,1,zzz,yes\n-1e6,3,NaN,,no\n"), schema, LoadMode.Scoring);
        var expected = ensemble.Transform(hard).GetColumn<float>(ColumnNames.Score).ToArray();
        var actual = scorer.Score(hard);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5 * report.Parity.LabelScale + 1e-6 * Math.Abs(expected[i]));
    }
}
