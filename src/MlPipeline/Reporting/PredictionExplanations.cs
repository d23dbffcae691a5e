using MlPipeline.Experiment.Explanations;

namespace MlPipeline.Reporting;

/// <summary>Each predicted row's explanation, to be written as its base value and its <paramref name="Top"/> largest contributions.</summary>
/// <param name="Columns">The input columns, in the order of each explanation's contributions.</param>
/// <param name="Rows">One explanation per predicted row, in order.</param>
/// <param name="Top">Contributions written per row, largest |contribution| first.</param>
internal sealed record PredictionExplanations(IReadOnlyList<string> Columns, IReadOnlyList<RowExplanation> Rows, int Top)
{
    /// <summary>The base value's column.</summary>
    public const string BaseColumn = "Base";

    /// <summary>Whether the contributions explain log(Score).</summary>
    public bool LogScale => Rows.Count > 0 && Rows[0].LogScale;

    /// <summary>The header cells after the predictions: <c>Base</c>, then <c>Top1</c>, <c>Top1Contribution</c>, ….</summary>
    public IEnumerable<string> Header() =>
        [BaseColumn, .. Enumerable.Range(1, Top).SelectMany(i => new[] { $"Top{i}", $"Top{i}Contribution" })];

    /// <summary>Row <paramref name="row"/>'s base value and its largest contributions, as (column, value) pairs.</summary>
    public (double Base, IReadOnlyList<(string Column, double Value)> Largest) Of(int row)
    {
        var e = Rows[row];
        return (e.BaseValue, [.. e.Contributions.Select((v, c) => (Columns[c], v)).OrderByDescending(p => Math.Abs(p.v)).Take(Top)]);
    }
}
