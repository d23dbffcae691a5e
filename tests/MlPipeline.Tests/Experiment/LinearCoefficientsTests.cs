using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Experiment;

public sealed class LinearCoefficientsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("ridge")]
    [InlineData("ols")]
    public void Should_RecoverTheGeneratingWeightsInRawUnits_When_TheBestLinearModelIsRead(string trainer)
    {
        // The synthetic label is 50 + 3·x1 − 2·x2 + x3² + 4·[city = b] + [flag] + noise: x1 and x2 enter linearly.
        var result = new RegressionExperiment(new MLContext(3)).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("linear.csv", SyntheticData.Csv(800)),
            Label = SyntheticData.Label,
            Trainers = trainer,
            MaxTrials = 1,
            Seed = 3,
        }).Run();

        var linear = Assert.IsType<LinearCoefficients>(result.LinearModel);
        double Weight(string column, string slot) => linear.Columns.Single(c => c.Column == column).Slots.Single(s => s.Slot == slot).Weight;

        Assert.Equal(trainer, linear.Trainer);
        Assert.InRange(Weight("x1", "value"), 2.8, 3.2);
        Assert.InRange(Weight("x2", "value"), -2.2, -1.8);
        Assert.Contains(linear.Columns.Single(c => c.Column == "x2").Slots, s => s.Slot == "missing");
        // Against the reference category "a" (city is one-hot with every category kept), b is 4 higher.
        Assert.InRange(Weight("city", "=b") - Weight("city", "=a"), 3.5, 4.5);
        Assert.Equal(["city", "flag", "x1", "x2", "x3"], linear.Columns.Select(c => c.Column).Order().ToArray());
    }
}
