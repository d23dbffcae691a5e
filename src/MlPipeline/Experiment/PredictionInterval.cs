using System.Text.Json;
using MlPipeline.Data;

namespace MlPipeline.Experiment;

/// <summary>
/// A conformal prediction interval: <c>Score − HalfWidth</c> to <c>Score + HalfWidth</c>, meant to hold the actual value
/// of a new row with probability <see cref="Level"/>. The half-width is the ⌈Level·(n+1)⌉-th smallest absolute residual
/// of the final model's out-of-fold predictions on the n validation rows of the sweep (never the test rows).
/// </summary>
/// <param name="Level">Nominal coverage, in (0, 1).</param>
/// <param name="HalfWidth">Distance from <c>Score</c> to either end, in label units.</param>
/// <param name="Method"><see cref="SplitConformal"/> (hold-out validation) or <see cref="CrossValidation"/> (out-of-fold residuals of k-fold cross-validation).</param>
/// <param name="CalibrationRows">The residuals it was calibrated on.</param>
/// <param name="Exact">
/// Whether split conformal prediction's finite-sample guarantee holds: coverage at least <see cref="Level"/> on average
/// over exchangeable rows (Lei et al. 2018), true only when the final model is exactly the one that made the residuals.
/// For a refit, a bagged or an ensemble model the guarantee is approximate (Barber et al. 2021).
/// </param>
public sealed record PredictionInterval(double Level, float HalfWidth, string Method, int CalibrationRows, bool Exact)
{
    /// <summary>Residuals of one hold-out validation split (Lei et al. 2018).</summary>
    public const string SplitConformal = "split-conformal";

    /// <summary>Out-of-fold residuals of k-fold cross-validation around the final model (Barber et al. 2021's CV method, applied to the refit or bagged model).</summary>
    public const string CrossValidation = "cv-conformal";

    /// <summary>The lower end for a score, in float as the ONNX graph computes it.</summary>
    public float LowerOf(float score) => score - HalfWidth;

    /// <summary>The upper end for a score, in float as the ONNX graph computes it.</summary>
    public float UpperOf(float score) => score + HalfWidth;

    /// <summary>The interval as JSON, as stored in a model zip and in the ONNX metadata.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    /// <summary>Reads <see cref="ToJson"/>'s output; <paramref name="source"/> names where it came from in errors.</summary>
    /// <exception cref="DataValidationException">Not an interval.</exception>
    internal static PredictionInterval FromJson(string json, string source)
    {
        try
        {
            var interval = JsonSerializer.Deserialize<PredictionInterval>(json, JsonDefaults.Options);
            if (interval is null || !(interval.Level is > 0 and < 1) || !float.IsFinite(interval.HalfWidth) || interval.HalfWidth < 0)
                throw new DataValidationException("the prediction interval is not valid (level in (0,1), finite half-width ≥ 0)", source);
            return interval;
        }
        catch (JsonException e)
        {
            throw new DataValidationException($"the prediction interval cannot be read: {e.Message.Split('\n')[0]}", source);
        }
    }
}
