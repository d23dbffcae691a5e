using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;

namespace MlPipeline.Trainers.Ensembles;

/// <summary>
/// A weighted average of whole pipelines: each member reads the raw loaded columns and scores them; the
/// ensemble's <c>Score</c> is Σ weight × member score, summed in double. Rows stream through all members in step.
/// </summary>
public sealed class EnsembleTransformer : ITransformer
{
    /// <summary>Wraps <paramref name="members"/>, whose weights must be positive and sum to 1.</summary>
    /// <exception cref="ArgumentException">No members, or weights that are not a distribution.</exception>
    public EnsembleTransformer(IEnumerable<EnsembleMember> members)
    {
        Members = [.. members];
        if (Members.Length == 0) throw new ArgumentException("an ensemble needs at least one member", nameof(members));
        if (Members.Any(m => !(m.Weight > 0)) || Math.Abs(Members.Sum(m => m.Weight) - 1) > 1e-9)
        {
            throw new ArgumentException("member weights must be positive and sum to 1", nameof(members));
        }
    }

    /// <summary>The members, heaviest first.</summary>
    public ImmutableArray<EnsembleMember> Members { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => false;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        foreach (var member in Members) member.Chain.GetOutputSchema(inputSchema);
        return ScoredDataView.OutputSchema(inputSchema, ColumnNames.Score);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("an ensemble scores through Transform");

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => new ScoredDataView(input, ColumnNames.Score, rows => new EnsembleRowScores(rows, Members));

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("ML.NET 5 keeps ModelSaveContext internal; save through PipelineModel.Save.");
}
