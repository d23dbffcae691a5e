using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Onnx;

/// <summary>Parity at export compares a bounded sample of the test rows, so the export stays inside the budget at any size.</summary>
public sealed class ParitySampleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Parity_Compares_The_First_Test_Rows_Up_To_Its_Bound_And_The_Probe_Rows()
    {
        // Given: 60,000 rows, so the 20 % test split holds 12,000, more than the bound
        var path = _dir.Write("many.csv", SyntheticData.Csv(60_000));
        var result = new RegressionExperiment(new MLContext(1)).WithOptions(new ExperimentOptions
        {
            DataPath = path, Label = SyntheticData.Label, Trainers = "sdca", MaxTrials = 1, TimeBudget = TimeSpan.FromSeconds(60),
        }).Run();

        // When
        var export = result.ExportOnnx(_dir.File("many.onnx"));

        // Then: the bound, plus the three probe rows (all missing, unknown words, unseen categories)
        Assert.True(result.Split.TestRows > ExperimentOnnxExport.MaxParityRows, $"{result.Split.TestRows} test rows");
        Assert.Equal(ExperimentOnnxExport.MaxParityRows + 3, export.Parity.Rows);
        Assert.True(export.Parity.Passed, export.Parity.ToString());
    }
}
