using MlPipeline.Experiment.Ensembling;

namespace MlPipeline.Tests.Experiment.Ensembling;

public sealed class EnsembleCrossFitTests
{
    [Fact]
    public void Should_ConfirmTheGain_When_ModelsMakeIndependentErrors()
    {
        var random = new Random(5);
        var labels = Enumerable.Range(0, 400).Select(_ => (float)(random.NextDouble() * 10)).ToArray();
        float[][] models = [.. Enumerable.Range(0, 3).Select(_ => labels.Select(y => y + (float)Noise(random)).ToArray())];

        var (ensemble, single) = EnsembleSelection.CrossFitted(models, labels);

        // Averaging three independent unit-variance errors: RMSE about 1/sqrt(3) of a single model's.
        Assert.True(ensemble < 0.75 * single, $"cross-fitted ensemble {ensemble:F3} vs single {single:F3}");
    }

    [Fact]
    public void Should_ScoreWorseThanInSample_When_TheModelsAreNoise()
    {
        var random = new Random(6);
        var labels = Enumerable.Range(0, 200).Select(_ => (float)Noise(random)).ToArray();
        float[][] models = [.. Enumerable.Range(0, 20).Select(_ => labels.Select(_ => (float)Noise(random)).ToArray())];

        var inSample = EnsembleSelection.Select(models, labels).Rmse;
        var (ensemble, _) = EnsembleSelection.CrossFitted(models, labels);

        // Weights fitted to noise look good on the rows they were fitted on, and only there.
        Assert.True(ensemble > inSample, $"cross-fitted {ensemble:F3} should exceed in-sample {inSample:F3}");
    }

    private static double Noise(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
