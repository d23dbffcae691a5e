using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Onnx;

/// <summary>Fits the synthetic pipeline for one trainer, the way the experiment does, for export tests.</summary>
internal static class ExportedModels
{
    public sealed record Fitted(MLContext Ml, ITransformer Chain, DataSchema Schema, PreprocessingPlan Plan, IDataView Train);

    public static Fitted Fit(TempDirectory dir, string trainer, ScalerKind scaler = ScalerKind.MeanVariance, int rows = 400)
    {
        var ml = new MLContext(seed: 1);
        var trainPath = dir.Write($"train-{trainer}.csv", SyntheticData.Csv(rows, seed: 1));
        var schema = new SchemaInferrer().Infer(trainPath, SyntheticData.Label);
        var train = ml.Data.Cache(CsvDataLoader.Load(trainPath, schema, LoadMode.Training));
        var plan = PreprocessingPlanner.Plan(schema, train, new PreprocessingOptions { Scaler = scaler });
        var candidate = TrainerRegistry.Default.Get(trainer);
        // Small networks keep the test quick; the converters see the same layer kinds.
        var hyperParameters = trainer is "mlp" or "resnet" ? candidate.Defaults.With("width", 32) : candidate.Defaults;
        var input = new TrainerInput(SyntheticData.Label, ColumnNames.Features, 1, rows);
        var chain = PreprocessingChainBuilder.Build(ml, plan).Append(candidate.CreateEstimator(ml, input, hyperParameters)).Fit(train);
        return new Fitted(ml, chain, schema, plan, train);
    }
}
