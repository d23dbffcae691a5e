namespace MlPipeline.Reporting.Metrics;

/// <summary>ONNX Runtime against ML.NET on the test rows, in <c>metrics.json</c>; an infinite error (NaN on one side) is written as null.</summary>
internal sealed record ParityMetrics(int Rows, double MaxAbsoluteError, double MaxRelativeError, double LabelScale, double Tolerance, bool Passed, int NanMismatches);
