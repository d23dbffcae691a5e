using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Tuning;

namespace MlPipeline.Experiment;

/// <summary>
/// The preprocessing part of the search space: imputation and the number of categories kept for every trainer,
/// the scaler only for trainers it can change (trees split on thresholds, which an affine scaling leaves as they are), and
/// no unscaled features for a trainer that needs them scaled (see <see cref="IRegressorCandidate.NeedsScaledFeatures"/>).
/// Every choice is exportable to ONNX. The user's options are the defaults. Choices that cannot change the model on
/// these data are not searched: imputation when no numeric input has a missing value, category caps beyond the
/// largest cardinality (all of them keep every category) — such trials would only repeat each other.
/// </summary>
internal static class PreprocessingSearch
{
    public const string Prefix = "preprocessing";
    private const string ScalerName = "scaler";

    /// <summary>The study's name for the scaler.</summary>
    public const string Scaler = Prefix + "." + ScalerName;

    // Not Robust: ML.NET 5's robust scaler throws IndexOutOfRangeException on sparse vectors, which one-hot columns make.
    private static readonly string[] s_scalers = [.. new[] { ScalerKind.MeanVariance, ScalerKind.MinMax, ScalerKind.None }.Select(Name)];
    private static readonly string[] s_scaling = [.. s_scalers.Where(s => s != Name(ScalerKind.None))];
    private static readonly string[] s_imputations = [.. new[] { ImputationKind.Mean, ImputationKind.Zero, ImputationKind.Minimum }.Select(Name)];
    private static readonly int[] s_maxCategories = [8, 32, 64];

    /// <summary>Draws the preprocessing of <paramref name="trial"/>, starting from the user's options.</summary>
    public static PreprocessingOptions Suggest(Trial trial, ScalerChoices scalers, PreprocessingOptions baseline, DataSchema schema)
        => Fixed(Read(HyperParameters.Suggest(Space(scalers, baseline, schema), new TrialSuggester(trial, Prefix)), baseline), scalers);

    /// <summary>The scalers <paramref name="candidate"/> can be given.</summary>
    /// <remarks>
    /// The closed-form linear models standardise internally, so any scaler gives them the same model, but not the same
    /// float32 score: on features far from zero (years, whose mean the bias absorbs) bias + Σ w·x cancels large terms, and
    /// ML.NET's and ONNX Runtime's summation orders then differ in the last digits they keep (Ames ridge: 4.8e-5 relative apart; 1.1e-6 at most centred).
    /// Centred features keep the terms small.
    /// </remarks>
    public static ScalerChoices ScalersFor(IRegressorCandidate candidate) =>
        candidate.ScaleInvariant ? candidate.Family == TrainerFamily.Linear ? ScalerChoices.Standardized : ScalerChoices.NotSearched
        : candidate.NeedsScaledFeatures ? ScalerChoices.ScaledOnly : ScalerChoices.Any;

    /// <summary>The fixed parameters that make a trial use <paramref name="baseline"/> (for the enqueued defaults).</summary>
    public static Dictionary<string, object> DefaultsOf(ScalerChoices scalers, PreprocessingOptions baseline, DataSchema schema) =>
        Space(scalers, baseline, schema).ToDictionary(p => TrialSuggester.ParameterName(Prefix, p.Name), p => p.DefaultValue);

    /// <summary>
    /// The preprocessing a recorded trial used: its parameters where present, <paramref name="baseline"/> elsewhere, and
    /// the scaler its trainer always gets (<paramref name="scalers"/>, from <see cref="ScalersFor"/>).
    /// </summary>
    public static PreprocessingOptions Extract(IReadOnlyDictionary<string, object> parameters, PreprocessingOptions baseline, ScalerChoices scalers) =>
        Fixed(Read(TrialSuggester.Extract(Prefix, parameters), baseline), scalers);

    private static PreprocessingOptions Fixed(PreprocessingOptions drawn, ScalerChoices scalers) =>
        scalers == ScalerChoices.Standardized ? drawn with { Scaler = ScalerKind.Standard } : drawn;

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
    internal static IReadOnlyList<HyperParameter> Space(ScalerChoices scalers, PreprocessingOptions baseline, DataSchema schema)
    {
        var (scaler, imputation, maxCategories) = Declarations(baseline, MeaningfulCaps(schema, baseline.MaxCategories), scalers);
        var missingNumbers = schema.Columns.Any(c => c.IsFeature && c.Role != ColumnRole.Categorical && c.MissingCount > 0);
        return [.. new HyperParameter?[]
        {
            (scalers is ScalerChoices.Any or ScalerChoices.ScaledOnly) && scaler.Choices.Length > 1 ? scaler : null,
            missingNumbers ? imputation : null,
            maxCategories.Choices.Length > 1 ? maxCategories : null,
        }.OfType<HyperParameter>()];
    }

    /// <summary>The caps below the largest cardinality, and the first one that keeps every category.</summary>
    private static int[] MeaningfulCaps(DataSchema schema, int baseline)
    {
        var largest = schema.Columns.Where(c => c.Role == ColumnRole.Categorical).Select(c => c.DistinctCount).DefaultIfEmpty(0).Max();
        var caps = s_maxCategories.Append(baseline).Distinct().Order().ToList();
        var below = caps.Where(c => c < largest).ToList();
        var keepsAll = caps.FirstOrDefault(c => c >= largest);
        return [.. keepsAll > 0 && below.Count > 0 ? below.Append(keepsAll) : below.Count > 0 ? below : [baseline]];
    }

    private static (ChoiceParameter<string> Scaler, ChoiceParameter<string> Imputation, ChoiceParameter<int> MaxCategories) Declarations(
        PreprocessingOptions baseline, int[]? caps = null, ScalerChoices scalers = ScalerChoices.Any) =>
        (With(ScalerName, scalers == ScalerChoices.ScaledOnly ? s_scaling : s_scalers, Name(baseline.Scaler)),
         With("imputation", s_imputations, Name(baseline.Imputation)),
         caps is null ? With("max_categories", s_maxCategories, baseline.MaxCategories) : Closest("max_categories", caps, baseline.MaxCategories));

    // The user's cap may fall among the caps that act alike (above the largest cardinality): the default is then the one kept.
    private static ChoiceParameter<int> Closest(string name, int[] caps, int baseline) =>
        new(name, caps, caps.Contains(baseline) ? baseline : caps.MinBy(c => Math.Abs(c - baseline)));

    private static ChoiceParameter<T> With<T>(string name, T[] choices, T baseline) where T : notnull =>
        new(name, choices.Contains(baseline) ? choices : [.. choices, baseline], baseline);

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static T Parse<T>(string value) where T : struct, Enum => Enum.Parse<T>(value, ignoreCase: true);
}
