namespace MlPipeline.Cli.Serving;

/// <summary>The answer of <c>POST /predict</c>: one score per record, in input order, and the interval bounds when the model has them.</summary>
internal sealed record PredictResponse(IReadOnlyList<float> Scores, IReadOnlyList<float>? Lower = null, IReadOnlyList<float>? Upper = null);
