namespace MlPipeline.Runtime;

/// <summary>The model's answer for one record.</summary>
/// <param name="Score">The predicted value.</param>
/// <param name="Lower">The prediction interval's lower bound, when the model has one (output <c>Lower</c>).</param>
/// <param name="Upper">The prediction interval's upper bound, when the model has one (output <c>Upper</c>).</param>
public readonly record struct Prediction(float Score, float? Lower = null, float? Upper = null);
