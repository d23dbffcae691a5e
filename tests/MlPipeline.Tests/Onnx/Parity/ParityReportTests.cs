using MlPipeline.Onnx.Parity;

namespace MlPipeline.Tests.Onnx.Parity;

public sealed class ParityReportTests
{
    [Fact]
    public void Worst_Of_Several_Outputs_Fails_When_One_Of_Them_Does()
    {
        // Given: Score agrees, Lower is off by 1, Upper has a NaN on one side
        var score = ParityReport.Compare([1f, 2f], [1f, 2f], labelScale: 10, tolerance: 1e-5);
        var lower = ParityReport.Compare([0f, 1f], [0f, 2f], labelScale: 10, tolerance: 1e-5);
        var upper = ParityReport.Compare([2f, 3f], [2f, float.NaN], labelScale: 10, tolerance: 1e-5);

        // When
        var both = ParityReport.Worst(score, lower);
        var all = ParityReport.Worst(score, lower, upper);

        // Then
        Assert.True(score.Passed);
        Assert.False(both.Passed);
        Assert.Equal(1, both.MaxAbsoluteError);
        Assert.Equal(1, all.NanMismatches);
        Assert.False(all.Passed);
    }

    [Fact]
    public void Should_Fail_When_OnnxGivesNaNWhereMlNetGivesANumber()
    {
        // Given: ML.NET scores every row, ONNX Runtime gives NaN for one (Max over doubles used to skip NaN)
        float[] mlNet = [1f, 2f, 3f];
        float[] onnx = [1f, float.NaN, 3f];

        // When
        var report = ParityReport.Compare(mlNet, onnx, labelScale: 10, tolerance: 1e-5);

        // Then
        Assert.False(report.Passed);
        Assert.Equal(1, report.NanMismatches);
        Assert.Contains("NaN", report.Describe());
    }

    [Fact]
    public void Should_Fail_When_MlNetGivesNaNWhereOnnxGivesANumber()
    {
        var report = ParityReport.Compare([float.NaN, 2f], [0f, 2f], labelScale: 10, tolerance: 1e-5);

        Assert.False(report.Passed);
    }

    [Fact]
    public void Should_Pass_When_BothSidesGiveNaNOnTheSameRow()
    {
        var report = ParityReport.Compare([float.NaN, 2f], [float.NaN, 2f], labelScale: 10, tolerance: 1e-5);

        Assert.True(report.Passed);
        Assert.Equal(0, report.MaxAbsoluteError);
    }

    [Fact]
    public void Should_ScaleByTheRange_And_ByTheValue_When_TheTrainingLabelIsConstant()
    {
        Assert.Equal(40, ParityReport.Scale(10, 50));
        Assert.Equal(250, ParityReport.Scale(250, 250));
        Assert.Equal(1, ParityReport.Scale(0, 0));
    }
}
