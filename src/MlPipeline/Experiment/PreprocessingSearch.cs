using System.Globalization;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Tuning;

namespace MlPipeline.Experiment;

/// <summary>
/// The preprocessing part of the search space: imputation and the number of categories kept for every trainer,
/// the scaler only for trainers it can change (trees split on thresholds, which an affine scaling leaves as they are).
/// Every choice is exportable to ONNX.
/// </summary>
internal static class PreprocessingSearch
{
    public const string Prefix = "preprocessing";
    public const string Scaler = Prefix + ".scaler", Imputation = Prefix + ".imputation", MaxCategories = Prefix + ".max_categories";

    // Not Robust: ML.NET 5's robust scaler throws IndexOutOfRangeException on sparse vectors, which one-hot columns make.
    private static readonly string[] s_scalers = [.. new[] { ScalerKind.MeanVariance, ScalerKind.MinMax, ScalerKind.None }.Select(Name)];
    private static readonly string[] s_imputations = [.. new[] { ImputationKind.Mean, ImputationKind.Zero, ImputationKind.Minimum }.Select(Name)];
    private static readonly string[] s_maxCategories = ["8", "32", "64"];

    /// <summary>Draws the preprocessing of <paramref name="trial"/>, starting from the user's options.</summary>
    /// <remarks>The user's own choices are always among the candidates, so the enqueued defaults can fix them.</remarks>
    public static PreprocessingOptions Suggest(Trial trial, TrainerFamily family, PreprocessingOptions baseline) => baseline with
    {
        Scaler = ScalesMatter(family) ? Parse<ScalerKind>(trial.SuggestCategorical(Scaler, With(s_scalers, Name(baseline.Scaler)))) : baseline.Scaler,
        Imputation = Parse<ImputationKind>(trial.SuggestCategorical(Imputation, With(s_imputations, Name(baseline.Imputation)))),
        MaxCategories = int.Parse(
            trial.SuggestCategorical(MaxCategories, With(s_maxCategories, baseline.MaxCategories.ToString(CultureInfo.InvariantCulture))),
            CultureInfo.InvariantCulture),
    };

    /// <summary>The fixed parameters that make a trial use <paramref name="baseline"/> (for the enqueued defaults).</summary>
    public static Dictionary<string, object> DefaultsOf(TrainerFamily family, PreprocessingOptions baseline)
    {
        var values = new Dictionary<string, object>
        {
            [Imputation] = Name(baseline.Imputation),
            [MaxCategories] = baseline.MaxCategories.ToString(CultureInfo.InvariantCulture),
        };
        if (ScalesMatter(family)) values[Scaler] = Name(baseline.Scaler);
        return values;
    }

    /// <summary>The preprocessing a recorded trial used: its parameters where present, <paramref name="baseline"/> elsewhere.</summary>
    public static PreprocessingOptions Extract(IReadOnlyDictionary<string, object> parameters, PreprocessingOptions baseline) => baseline with
    {
        Scaler = parameters.TryGetValue(Scaler, out var s) ? Parse<ScalerKind>((string)s) : baseline.Scaler,
        Imputation = parameters.TryGetValue(Imputation, out var i) ? Parse<ImputationKind>((string)i) : baseline.Imputation,
        MaxCategories = parameters.TryGetValue(MaxCategories, out var m) ? int.Parse((string)m, CultureInfo.InvariantCulture) : baseline.MaxCategories,
    };

    private static string[] With(string[] choices, string baseline) => choices.Contains(baseline) ? choices : [.. choices, baseline];

    private static bool ScalesMatter(TrainerFamily family) => family != TrainerFamily.NonLinear;

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static T Parse<T>(string value) where T : struct, Enum => Enum.Parse<T>(value, ignoreCase: true);
}
