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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Should_DiagnoseStillImproving_When_ACappedNetworkKeptOnlyOneOrTwoEpochs(int epochs)
    {
        // Given: a network cancelled after one or two epochs (train on Ames under load threw IndexOutOfRange writing the report)
        var falling = Enumerable.Range(0, epochs).Select(i => 1.0 - i * 0.1).ToArray();
        var curve = Curve(falling, falling, TrainingStopReason.Cancelled);

        // When / Then
        Assert.Equal(TrainingDiagnosis.StillImproving, curve.Diagnosis);
        Assert.Contains($"at epoch {epochs}", curve.Explanation);
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
    public void Should_DiagnoseOverfitting_With_Its_Gap_When_Validation_Stays_Flat_While_Training_Keeps_Falling()
    {
        // The lecture's Ames case: training fell to 0.02 while validation stayed at 0.19 from epoch 15 (a 9× gap).
        var train = Enumerable.Range(0, 60).Select(i => 0.02 + 0.5 * Math.Exp(-i / 8.0)).ToArray();
        var val = Enumerable.Range(0, 60).Select(i => i < 15 ? 0.19 + 0.4 * Math.Exp(-i / 3.0) : 0.19 + 0.0005 * Math.Sin(i)).ToArray();
        var curve = Curve(train, val, TrainingStopReason.EarlyStopping);

        Assert.Equal(TrainingDiagnosis.Overfitting, curve.Diagnosis);
        Assert.Contains("9.4× gap", curve.Explanation);
        Assert.Contains("from epoch 16", curve.Explanation);
    }

    [Fact]
    public void Should_DiagnoseDisturbed_When_A_Smooth_Curve_Has_Isolated_Spikes()
    {
        var train = Decay(60, 0.1);
        var val = Decay(60, 0.15);
        train[20] *= 6;
        val[40] *= 4;
        var curve = Curve(train, val, TrainingStopReason.EarlyStopping);

        Assert.Equal(TrainingDiagnosis.Disturbed, curve.Diagnosis);
        Assert.Contains("2 isolated spike(s)", curve.Explanation);
        Assert.Contains("epoch 21", curve.Explanation);
    }

    [Fact]
    public void Should_DiagnoseConverged_Not_Oscillating_When_A_Settled_Loss_Only_Jitters()
    {
        var train = Enumerable.Range(0, 60).Select(i => 0.002 + Math.Exp(-i / 3.0) + (i % 2 == 0 ? 0.0002 : 0)).ToArray();
        var curve = Curve(train, null, TrainingStopReason.EarlyStopping);

        Assert.Equal(TrainingDiagnosis.Converged, curve.Diagnosis);
        Assert.StartsWith("Ideal:", curve.Explanation);
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
