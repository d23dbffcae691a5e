using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Experiment;

/// <summary>An experiment's prepared rows from a synthetic file, on one hold-out split.</summary>
internal static class SyntheticExperimentData
{
    public static ExperimentData Prepare(TempDirectory dir)
    {
        var path = dir.Write("d.csv", SyntheticData.Csv(400));
        var schema = new SchemaInferrer().Infer(path, SyntheticData.Label, new CsvFormat(), SchemaOverrides.None);
        return ExperimentData.Prepare(new MLContext(1), path, schema, new ExperimentOptions { DataPath = path, Label = SyntheticData.Label }, folds: 1);
    }
}
