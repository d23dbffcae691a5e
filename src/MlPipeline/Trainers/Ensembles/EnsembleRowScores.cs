using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;

namespace MlPipeline.Trainers.Ensembles;

/// <summary>An ensemble's scores of a view's rows: Σ weight × member score in double, every member's scored view read in step.</summary>
internal sealed class EnsembleRowScores : IRowScores
{
    private readonly DataViewRowCursor[] _members;
    private readonly ValueGetter<float>[] _scores;
    private readonly double[] _weights;

    public EnsembleRowScores(IDataView input, IReadOnlyList<EnsembleMember> members)
    {
        // Member cursors walk the same rows in the same order (no shuffling), one row per MoveNext.
        _members = [.. members.Select(m =>
        {
            var scored = m.Chain.Transform(input);
            return scored.GetRowCursor([scored.Schema[ColumnNames.Score]]);
        })];
        _scores = [.. _members.Select(c => c.GetGetter<float>(c.Schema[ColumnNames.Score]))];
        _weights = [.. members.Select(m => m.Weight)];
    }

    public float Current
    {
        get
        {
            double sum = 0;
            float score = 0;
            for (var m = 0; m < _scores.Length; m++)
            {
                _scores[m](ref score);
                sum += _weights[m] * score;
            }
            return (float)sum;
        }
    }

    public bool MoveNext() => _members.All(member => member.MoveNext());

    public void Dispose()
    {
        foreach (var member in _members) member.Dispose();
    }
}
