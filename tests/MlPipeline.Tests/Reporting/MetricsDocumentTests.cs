using MlPipeline.Onnx;
using MlPipeline.Onnx.Parity;
using MlPipeline.Reporting;

namespace MlPipeline.Tests.Reporting;

public sealed class MetricsDocumentTests
{
    private static readonly OnnxExportOutcome s_onnx = OnnxExportOutcome.Of(new OnnxExportReport("/out/model.onnx", 12345, new ParityReport(20, 1.5e-6, 2.5e-7, 97.75, 9.775e-4)));

    [Fact]
    public void Metrics_Json_Equals_The_Approved_Snapshot() =>
        Approval.Verify(ExperimentArtifacts.MetricsJson(MetricsFixture.Result(), "/data/houses.csv", s_onnx), "metrics", "json");
}
