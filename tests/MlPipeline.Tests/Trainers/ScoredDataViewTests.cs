using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Trainers;

public sealed class ScoredDataViewTests
{
    private sealed class Row
    {
        public float X { get; set; }

        public float Score { get; set; }
    }

    private sealed class FixedScores(float[] values) : IRowScores
    {
        private int _row = -1;

        public float Current => values[_row];

        public bool MoveNext() => ++_row < values.Length;

        public void Dispose()
        {
        }
    }

    private static IDataView Input(MLContext ml) =>
        ml.Data.LoadFromEnumerable([new Row { X = 1, Score = -1 }, new Row { X = 2, Score = -2 }, new Row { X = 3, Score = -3 }]);

    private static ScoredDataView Scored(IDataView input, float[] scores, List<int> opened) =>
        new(input, ColumnNames.Score, _ =>
        {
            opened.Add(1);
            return new FixedScores(scores);
        });

    [Fact]
    public void Appends_Score_After_The_Input_Columns_Keeping_An_Input_Score_Hidden()
    {
        // Given: an input that already has a Score column
        var input = Input(new MLContext(1));

        // When
        var scored = Scored(input, [10, 20, 30], []);

        // Then: the new Score is last and found by name; the input's is still at its index with its values
        Assert.Equal(input.Schema.Count + 1, scored.Schema.Count);
        Assert.Equal(input.Schema.Count, scored.Schema[ColumnNames.Score].Index);
        Assert.True(scored.Schema[input.Schema[ColumnNames.Score].Index].IsHidden);
        Assert.Equal([10f, 20f, 30f], scored.GetColumn<float>(ColumnNames.Score).ToArray());
        Assert.Equal([-1f, -2f, -3f], scored.GetColumn<float>(scored.Schema[input.Schema[ColumnNames.Score].Index]).ToArray());
        Assert.Equal(input.GetRowCount(), scored.GetRowCount());
    }

    [Fact]
    public void Scores_Only_When_A_Cursor_Asks_For_Them()
    {
        var opened = new List<int>();
        var scored = Scored(Input(new MLContext(1)), [10, 20, 30], opened);

        Assert.Equal([1f, 2f, 3f], scored.GetColumn<float>("X").ToArray());
        using var cursor = scored.GetRowCursor([scored.Schema["X"]]);

        Assert.Empty(opened);
        Assert.False(cursor.IsColumnActive(scored.Schema[ColumnNames.Score]));
        Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<float>(scored.Schema[ColumnNames.Score]));
        Assert.Single(scored.GetRowCursorSet(scored.Schema, 4));
    }

    [Fact]
    public void Fewer_Scores_Than_Rows_Fail_Instead_Of_Reading_Past_Them()
    {
        var scored = Scored(Input(new MLContext(1)), [10, 20], []);

        var e = Assert.Throws<InvalidOperationException>(() => scored.GetColumn<float>(ColumnNames.Score).ToArray());

        Assert.Contains("fewer scores", e.Message);
    }
}
