using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Trainers;

/// <summary>
/// The input view plus a float score column after all of its columns, for a fitted model that scores whole views
/// (a network in blocks, an ensemble from its members). Input columns keep their indices, so an input column of
/// the same name stays in the schema, hidden, as with ML.NET's own transformers. The scores are computed only for
/// a cursor that asks for them.
/// </summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly Func<IDataView, IRowScores> _score;

    /// <summary>Appends <paramref name="scoreColumn"/> to <paramref name="input"/>, its values from <paramref name="score"/>.</summary>
    /// <param name="input">The rows scored.</param>
    /// <param name="scoreColumn">The appended column's name.</param>
    /// <param name="score">Opens the scores of a view's rows, in its order.</param>
    public ScoredDataView(IDataView input, string scoreColumn, Func<IDataView, IRowScores> score)
    {
        _input = input;
        _score = score;
        Schema = OutputSchema(input.Schema, scoreColumn);
    }

    /// <summary>The schema of <paramref name="input"/> scored into <paramref name="scoreColumn"/>.</summary>
    public static DataViewSchema OutputSchema(DataViewSchema input, string scoreColumn)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(scoreColumn, NumberDataViewType.Single);
        return builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var scoreIndex = _input.Schema.Count;
        var needed = columnsNeeded.ToList();
        var input = _input.GetRowCursor(needed.Where(c => c.Index < scoreIndex).Select(c => _input.Schema[c.Index]));
        var scores = needed.Any(c => c.Index == scoreIndex) ? _score(_input) : null;
        return new ScoredRowCursor(Schema, input, scores);
    }

    // One cursor: the scores walk the input's rows in order, which a split into parallel cursors would not keep.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
