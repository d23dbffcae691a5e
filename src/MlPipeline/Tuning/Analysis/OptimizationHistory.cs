using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlPipeline.Tuning.Analysis;

/// <summary>Objective value and best-so-far per trial, in trial order.</summary>
/// <param name="Direction">Study direction.</param>
/// <param name="Points">One point per finished trial.</param>
public sealed record OptimizationHistory([property: JsonConverter(typeof(JsonStringEnumConverter<StudyDirection>))] StudyDirection Direction, IReadOnlyList<HistoryPoint> Points)
{
    /// <summary>Computes the history of a study.</summary>
    /// <param name="study">The study.</param>
    /// <returns>The history.</returns>
    public static OptimizationHistory Compute(IStudyView study)
    {
        double? best = null;
        var points = new List<HistoryPoint>();
        foreach (var t in study.GetTrials().Where(t => t.State.IsFinished()).OrderBy(t => t.Number))
        {
            if (t.State == TrialState.Complete && t.Value is { } v
                && (best is null || (study.Direction == StudyDirection.Minimize ? v < best : v > best)))
                best = v;
            points.Add(new HistoryPoint(t.Number, t.State, t.State == TrialState.Complete ? t.Value : null, best));
        }

        return new OptimizationHistory(study.Direction, points);
    }

    /// <summary>CSV with columns number, state, value, best.</summary>
    /// <returns>CSV text.</returns>
    public string ToCsv() => CsvText.Write(
        ["number", "state", "value", "best"], Points.Select(p => new object?[] { p.Number, p.State, p.Value, p.BestSoFar }));

    /// <summary>JSON of this record.</summary>
    /// <returns>JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, AnalysisJson.Options);
}
