namespace MlPipeline.Preprocessing;

/// <summary>Label outliers found in the training rows.</summary>
/// <param name="Method">How the fences were set (robust z-score on the median and MAD, or IQR when the MAD is zero).</param>
/// <param name="Lower">Values below this are outliers.</param>
/// <param name="Upper">Values above this are outliers.</param>
/// <param name="Count">Training rows outside the fences.</param>
/// <param name="Rows">Training rows examined.</param>
/// <param name="Dropped">Whether those rows were removed from training.</param>
public sealed record LabelOutlierReport(string Method, double Lower, double Upper, long Count, long Rows, bool Dropped);
