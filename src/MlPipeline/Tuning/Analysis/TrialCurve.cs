using System.Text.Json.Serialization;

namespace MlPipeline.Tuning.Analysis;

/// <summary>The learning curve one trial reported.</summary>
/// <param name="Number">Trial number.</param>
/// <param name="State">Trial state.</param>
/// <param name="Points">Intermediate values by ascending step.</param>
public sealed record TrialCurve(int Number, [property: JsonConverter(typeof(JsonStringEnumConverter<TrialState>))] TrialState State, IReadOnlyList<StepValue> Points);
