using System.Globalization;
using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Ensembles;

namespace MlPipeline.Tests.Onnx;

/// <summary>Fits the synthetic pipeline for one trainer, the way the experiment does, for export tests.</summary>
internal static class ExportedModels
{
    /// <summary>The Y/N boolean column <see cref="Fit"/> adds with <c>withYesNo</c> (the synthetic flag column is yes/no).</summary>
    public const string YesNoColumn = "garage";

    /// <summary>The model <see cref="Fit"/> builds for this name: an ensemble of sdca, fasttree and mlp pipelines.</summary>
    public const string Ensemble = "ensemble";

    public sealed record Fitted(MLContext Ml, ITransformer Chain, DataSchema Schema, PreprocessingPlan Plan, IDataView Train);

    /// <summary>
    /// Fits <paramref name="trainer"/> (or an <see cref="Ensemble"/>) on <paramref name="rows"/> synthetic rows; with
    /// <paramref name="withYesNo"/> the data has a second boolean column, <see cref="YesNoColumn"/>, of Y/N cells.
    /// </summary>
    public static Fitted Fit(TempDirectory dir, string trainer, ScalerKind scaler = ScalerKind.MeanVariance, int rows = 400, bool withYesNo = false)
    {
        if (trainer == Ensemble) return FitEnsemble(dir, rows, withYesNo);
        var ml = new MLContext(seed: 1);
        var trainPath = dir.Write($"train-{trainer}.csv", withYesNo ? CsvWithYesNo(rows, seed: 1) : SyntheticData.Csv(rows, seed: 1));
        var schema = new SchemaInferrer().Infer(trainPath, SyntheticData.Label);
        var train = ml.Data.Cache(CsvDataLoader.Load(trainPath, schema, LoadMode.Training));
        var plan = PreprocessingPlanner.Plan(schema, train, new PreprocessingOptions { Scaler = scaler });
        var candidate = TrainerRegistry.Default.Get(trainer);
        // Small networks keep the test quick; the converters see the same layer kinds.
        var hyperParameters = trainer switch
        {
            "mlp" or "resnet" => candidate.Defaults.With("width", 32),
            "realmlp" => candidate.Defaults.With("hidden", "64x5"),
            "tabm" => candidate.Defaults.With("width_in_16s", 2).With("blocks", 2),
            _ => candidate.Defaults,
        };
        var input = new TrainerInput(SyntheticData.Label, ColumnNames.Features, 1, rows);
        var chain = PreprocessingChainBuilder.Build(ml, plan).Append(candidate.CreateEstimator(ml, input, hyperParameters)).Fit(train);
        return new Fitted(ml, chain, schema, plan, train);
    }

    /// <summary>The synthetic CSV with <see cref="YesNoColumn"/> added (Y adds 2 to the label).</summary>
    public static string CsvWithYesNo(int rows, int seed)
    {
        var lines = SyntheticData.Csv(rows, seed).TrimEnd('\n').Split('\n');
        var text = new System.Text.StringBuilder(lines[0] + "," + YesNoColumn + "\n");
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            var yes = (i * 7 + seed) % 3 == 0;
            var label = double.Parse(cells[^1], CultureInfo.InvariantCulture) + (yes ? 2 : 0);
            cells[^1] = label.ToString("R", CultureInfo.InvariantCulture);
            text.Append(string.Join(',', cells)).Append(',').Append(yes ? "Y" : "N").Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Three whole pipelines with different preprocessing and trainer kinds (linear, trees, a network), weighted.</summary>
    private static Fitted FitEnsemble(TempDirectory dir, int rows, bool withYesNo)
    {
        var parts = new[]
        {
            Fit(dir, "sdca", ScalerKind.MinMax, rows, withYesNo),
            Fit(dir, "fasttree", ScalerKind.Robust, rows, withYesNo),
            Fit(dir, "mlp", ScalerKind.MeanVariance, rows, withYesNo),
        };
        double[] weights = [0.2, 0.5, 0.3];
        string[] names = ["sdca", "fasttree", "mlp"];
        var members = parts.Select((p, i) => new EnsembleMember(names[i], i, weights[i], p.Chain, p.Plan, Refit: true)).OrderByDescending(m => m.Weight).ToList();
        return parts[0] with { Chain = new EnsembleTransformer(members), Plan = members[0].Plan };
    }
}
