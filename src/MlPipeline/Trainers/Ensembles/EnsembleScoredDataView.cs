using Microsoft.ML;
using Microsoft.ML.Data;

using MlPipeline.Data;

namespace MlPipeline.Trainers.Ensembles;

/// <summary>The input view plus the ensemble's Score, read from every member's scored view in step.</summary>
internal sealed class EnsembleScoredDataView(IDataView input, EnsembleTransformer ensemble) : IDataView
{
    public static DataViewSchema OutputSchema(DataViewSchema input)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input.Where(c => c.Name != ColumnNames.Score));
        builder.AddColumn(ColumnNames.Score, NumberDataViewType.Single);
        return builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; } = OutputSchema(input.Schema);

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => Schema[c.Index]).ToList();
        var scoreIndex = Schema[ColumnNames.Score].Index;
        var passThrough = needed.Where(c => c.Index != scoreIndex).Select(c => input.Schema[c.Name]).ToList();
        var main = input.GetRowCursor(passThrough);
        // Member cursors walk the same rows in the same order (no shuffling), one row per MoveNext.
        var members = needed.Any(c => c.Index == scoreIndex)
            ? ensemble.Members.Select(m =>
            {
                var scored = m.Chain.Transform(input);
                return scored.GetRowCursor([scored.Schema[ColumnNames.Score]]);
            }).ToArray()
            : [];
        return new EnsembleScoreCursor(this, main, members, [.. ensemble.Members.Select(m => m.Weight)], scoreIndex);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
