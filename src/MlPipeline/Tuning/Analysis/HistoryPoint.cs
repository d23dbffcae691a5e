using System.Text.Json.Serialization;

namespace MlPipeline.Tuning.Analysis;

/// <summary>One trial in the optimisation history.</summary>
/// <param name="Number">Trial number.</param>
/// <param name="State">Trial state.</param>
/// <param name="Value">Objective value (Complete trials).</param>
/// <param name="BestSoFar">Best Complete value among trials up to this number.</param>
public sealed record HistoryPoint(int Number, [property: JsonConverter(typeof(JsonStringEnumConverter<TrialState>))] TrialState State, double? Value, double? BestSoFar);
