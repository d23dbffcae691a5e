using MlPipeline.Reporting.Plots;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class TrainingCurveTests
{
    private static TrainingCurve Curve(double[] train, double[]? val, TrainingStopReason stop)
    {
        var epochs = train.Select((t, i) => new EpochReport(i + 1, t, val?[i], 1e-3, TimeSpan.FromSeconds(i))).ToList();
        var monitored = val ?? train;
        int best = Array.IndexOf(monitored, monitored.Min()) + 1;
        return new TrainingCurve(epochs, best, stop);
    }

    private static double[] Decay(int n, double floor) => Enumerable.Range(0, n).Select(i => floor + Math.Exp(-i / 5.0)).ToArray();

    [Fact]
    public void Should_DiagnoseConverged_When_BothLossesFlattenOut()
    {
        var curve = Curve(Decay(60, 0.1), Decay(60, 0.15), TrainingStopReason.EarlyStopping);
        Assert.Equal(TrainingDiagnosis.Converged, curve.Diagnosis);
    }

    [Fact]
    public void Should_DiagnoseStillImproving_When_LossFallsAtTheLastEpoch()
    {
        var falling = Enumerable.Range(0, 30).Select(i => 1.0 - i * 0.02).ToArray();
        var curve = Curve(falling, falling, TrainingStopReason.MaxEpochs);
        Assert.Equal(TrainingDiagnosis.StillImproving, curve.Diagnosis);
    }

    [Fact]
    public void Should_DiagnoseOverfitting_When_ValidationRisesWhileTrainingFalls()
    {
        var train = Enumerable.Range(0, 40).Select(i => 1.0 / (1 + i)).ToArray();
        var val = Enumerable.Range(0, 40).Select(i => 0.5 + Math.Pow((i - 10) / 20.0, 2)).ToArray();
        var curve = Curve(train, val, TrainingStopReason.EarlyStopping);
        Assert.Equal(TrainingDiagnosis.Overfitting, curve.Diagnosis);
    }

    [Fact]
    public void Should_DiagnoseOscillating_When_TrainingLossBouncesUpAndDown()
    {
        var train = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 1.0 : 0.6).ToArray();
        var curve = Curve(train, null, TrainingStopReason.MaxEpochs);
        Assert.Equal(TrainingDiagnosis.Oscillating, curve.Diagnosis);
    }

    [Fact]
    public void Should_DiagnoseDiverged_When_TheLossBecameNaN()
    {
        var curve = Curve([1.0, 0.8, double.NaN], null, TrainingStopReason.NonFiniteLoss);
        Assert.Equal(TrainingDiagnosis.Diverged, curve.Diagnosis);
    }

    [Fact]
    public void Should_WriteCsvAndPng_When_SavingACurve()
    {
        // Given
        var curve = Curve(Decay(20, 0.1), Decay(20, 0.2), TrainingStopReason.EarlyStopping);
        var dir = Directory.CreateTempSubdirectory("curve").FullName;
        try
        {
            // When
            curve.SaveCsv(Path.Combine(dir, "curve.csv"));
            LossCurvePlot.SavePng(curve, Path.Combine(dir, "curve.png"));

            // Then
            var lines = File.ReadAllLines(Path.Combine(dir, "curve.csv"));
            Assert.Equal(21, lines.Length);
            Assert.StartsWith("1,", lines[1]);
            var png = File.ReadAllBytes(Path.Combine(dir, "curve.png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
