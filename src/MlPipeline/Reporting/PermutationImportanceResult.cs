namespace MlPipeline.Reporting;

/// <summary>A permutation importance and the rows it was measured on.</summary>
/// <param name="Rows">Held-out rows scored (the first ones).</param>
/// <param name="OfRows">Held-out rows there were.</param>
/// <param name="Columns">RMSE increase per input column, largest first.</param>
internal sealed record PermutationImportanceResult(int Rows, int OfRows, IReadOnlyList<(string Column, double RmseIncrease)> Columns);
