using MlPipeline.Experiment;
using MlPipeline.Reporting.Html;
using MlPipeline.Tuning;

namespace MlPipeline.Tests.Reporting;

public sealed class ReportBuilderTests
{
    [Fact]
    public void Epoch_Curves_Leave_Out_Trials_Tagged_As_Subset_Fits()
    {
        // Given: two network trials reporting epochs and a tree trial reporting its subset fit
        var study = Study.Create("s");
        foreach (var subset in new[] { false, true, false })
        {
            var trial = study.Ask();
            if (subset)
            {
                trial.SetUserAttribute(TrialObjective.IntermediateValuesAttribute, TrialObjective.SubsetFit);
                trial.Report(0.5, TrialObjective.SubsetStep);
            }
            else
            {
                for (var epoch = 1; epoch <= 3; epoch++) trial.Report(1.0 / epoch, epoch);
            }
            study.Tell(trial, 1);
        }

        // Then: the curves are the networks' epochs only
        var curves = ReportBuilder.EpochCurves(study).Curves;
        Assert.Equal([0, 2], curves.Select(c => c.Number));
        Assert.All(curves, c => Assert.Equal([1, 2, 3], c.Points.Select(p => p.Step)));
    }

    [Fact]
    public void The_Html_Of_A_Hand_Built_Result_Equals_The_Approved_Snapshot()
    {
        // Given: the numbers of a fixed result, no plots drawn
        var model = ReportBuilder.Model(MetricsFixture.Result(), "/data/houses.csv", [],
            [new ColumnImportance("area", 1.25, 500), new ColumnImportance("zone <&>", -0.5, 500)]);

        // Then: the renderer turns them into the same page every time
        Approval.Verify(HtmlReportWriter.Render(model, _ => []), "report", "html");
    }
}
