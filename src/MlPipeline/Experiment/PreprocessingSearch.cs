using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Tuning;

namespace MlPipeline.Experiment;

/// <summary>
/// The preprocessing part of the search space: imputation and the number of categories kept for every trainer,
/// the scaler only for trainers it can change (trees split on thresholds, which an affine scaling leaves as they are).
/// Every choice is exportable to ONNX. The user's options are the defaults.
/// </summary>
internal static class PreprocessingSearch
{
    public const string Prefix = "preprocessing";
    private const string ScalerName = "scaler";

    /// <summary>The study's name for the scaler.</summary>
    public const string Scaler = Prefix + "." + ScalerName;

    // Not Robust: ML.NET 5's robust scaler throws IndexOutOfRangeException on sparse vectors, which one-hot columns make.
    private static readonly string[] s_scalers = [.. new[] { ScalerKind.MeanVariance, ScalerKind.MinMax, ScalerKind.None }.Select(Name)];
    private static readonly string[] s_imputations = [.. new[] { ImputationKind.Mean, ImputationKind.Zero, ImputationKind.Minimum }.Select(Name)];
    private static readonly int[] s_maxCategories = [8, 32, 64];

    /// <summary>Draws the preprocessing of <paramref name="trial"/>, starting from the user's options.</summary>
    public static PreprocessingOptions Suggest(Trial trial, TrainerFamily family, PreprocessingOptions baseline) =>
        Read(HyperParameters.Suggest(Space(family, baseline), new TrialSuggester(trial, Prefix)), baseline);

    /// <summary>The fixed parameters that make a trial use <paramref name="baseline"/> (for the enqueued defaults).</summary>
    public static Dictionary<string, object> DefaultsOf(TrainerFamily family, PreprocessingOptions baseline) =>
        Space(family, baseline).ToDictionary(p => TrialSuggester.ParameterName(Prefix, p.Name), p => p.DefaultValue);

    /// <summary>The preprocessing a recorded trial used: its parameters where present, <paramref name="baseline"/> elsewhere.</summary>
    public static PreprocessingOptions Extract(IReadOnlyDictionary<string, object> parameters, PreprocessingOptions baseline) =>
        Read(TrialSuggester.Extract(Prefix, parameters), baseline);

    private static PreprocessingOptions Read(HyperParameters h, PreprocessingOptions baseline)
    {
        var (scaler, imputation, maxCategories) = Declarations(baseline);
        return baseline with
        {
            Scaler = Parse<ScalerKind>(h.Get(scaler)),
            Imputation = Parse<ImputationKind>(h.Get(imputation)),
            MaxCategories = h.Get(maxCategories),
        };
    }

    // In suggestion order; the user's own choices are always among the candidates, so the enqueued defaults can fix them.
    private static IReadOnlyList<HyperParameter> Space(TrainerFamily family, PreprocessingOptions baseline)
    {
        var (scaler, imputation, maxCategories) = Declarations(baseline);
        return ScalesMatter(family) ? [scaler, imputation, maxCategories] : [imputation, maxCategories];
    }

    private static (ChoiceParameter<string> Scaler, ChoiceParameter<string> Imputation, ChoiceParameter<int> MaxCategories) Declarations(
        PreprocessingOptions baseline) =>
        (With(ScalerName, s_scalers, Name(baseline.Scaler)),
         With("imputation", s_imputations, Name(baseline.Imputation)),
         With("max_categories", s_maxCategories, baseline.MaxCategories));

    private static ChoiceParameter<T> With<T>(string name, T[] choices, T baseline) where T : notnull =>
        new(name, choices.Contains(baseline) ? choices : [.. choices, baseline], baseline);

    private static bool ScalesMatter(TrainerFamily family) => family != TrainerFamily.NonLinear;

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static T Parse<T>(string value) where T : struct, Enum => Enum.Parse<T>(value, ignoreCase: true);
}
