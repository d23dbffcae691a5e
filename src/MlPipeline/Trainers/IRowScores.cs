namespace MlPipeline.Trainers;

/// <summary>The scores of a view's rows, in the view's order: one row per <see cref="MoveNext"/>.</summary>
internal interface IRowScores : IDisposable
{
    /// <summary>Advances to the next row's score; false when the rows have ended.</summary>
    bool MoveNext();

    /// <summary>The current row's score.</summary>
    float Current { get; }
}
