namespace MlPipeline.Experiment;

/// <summary>A model's predictions, one per row in row order: <c>Score</c> and, when the model has a prediction interval, its ends.</summary>
/// <param name="Score">The point predictions.</param>
/// <param name="Lower">The interval's lower ends; null when the model has no interval.</param>
/// <param name="Upper">The interval's upper ends; null when the model has no interval.</param>
public sealed record Predictions(float[] Score, float[]? Lower, float[]? Upper)
{
    /// <summary>Whether <see cref="Lower"/> and <see cref="Upper"/> are there.</summary>
    public bool HasInterval => Lower is not null && Upper is not null;

    /// <summary>The predictions of <paramref name="scores"/> with <paramref name="interval"/>'s ends, when there is one.</summary>
    public static Predictions Of(float[] scores, PredictionInterval? interval) => interval is null
        ? new(scores, null, null)
        : new(scores, [.. scores.Select(interval.LowerOf)], [.. scores.Select(interval.UpperOf)]);
}
