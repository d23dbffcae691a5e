using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Trainers.Neural;

/// <summary>The input view plus a Score column computed in blocks of rows, so torch is called once per block.</summary>
internal sealed class NeuralScoredDataView : IDataView
{
    private const int BlockRows = 1024;
    private readonly IDataView _input;
    private readonly NeuralRegressionTransformer _model;

    public NeuralScoredDataView(IDataView input, NeuralRegressionTransformer model)
    {
        _input = input;
        _model = model;
        Schema = OutputSchema(input.Schema, model.TrainingOptions.ScoreColumnName);
    }

    public static DataViewSchema OutputSchema(DataViewSchema input, string scoreColumn)
    {
        var b = new DataViewSchema.Builder();
        b.AddColumns(input);
        b.AddColumn(scoreColumn, NumberDataViewType.Single);
        return b.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        int scoreIndex = _input.Schema.Count;
        bool score = needed.Any(c => c.Index == scoreIndex);
        var inputCols = needed.Where(c => c.Index < scoreIndex).Select(c => _input.Schema[c.Index]).ToList();
        if (score) inputCols.Add(_input.Schema[_model.TrainingOptions.FeatureColumnName]);
        var main = _input.GetRowCursor(inputCols.Distinct());
        // The look-ahead cursor reads features a block ahead; it sees the same rows in the same order as the main one.
        var ahead = score ? _input.GetRowCursor(new[] { _input.Schema[_model.TrainingOptions.FeatureColumnName] }) : null;
        return new NeuralScoreCursor(this, main, ahead, _model, scoreIndex, BlockRows);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };
}
