using System.Text.Json;

namespace MlPipeline.Tuning.Analysis;

/// <summary>Intermediate values of every trial that reported any.</summary>
/// <param name="Curves">One curve per trial.</param>
public sealed record IntermediateValues(IReadOnlyList<TrialCurve> Curves)
{
    /// <summary>Collects the curves of a study.</summary>
    /// <param name="study">The study.</param>
    /// <returns>The curves.</returns>
    public static IntermediateValues Compute(IStudyView study) => new(study.GetTrials()
        .Where(t => t.IntermediateValues.Count > 0)
        .Select(t => new TrialCurve(t.Number, t.State,
            t.IntermediateValues.OrderBy(kv => kv.Key).Select(kv => new StepValue(kv.Key, kv.Value)).ToList()))
        .ToList());

    /// <summary>Long-format CSV: number, state, step, value.</summary>
    /// <returns>CSV text.</returns>
    public string ToCsv() => CsvText.Write(
        ["number", "state", "step", "value"],
        Curves.SelectMany(c => c.Points.Select(p => new object?[] { c.Number, c.State, p.Step, p.Value })));

    /// <summary>JSON of this record.</summary>
    /// <returns>JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, AnalysisJson.Options);
}
