using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using TorchSharp.Modules;

namespace MlPipeline.Trainers.Neural;

/// <summary>A fitted neural regressor: adds the Score column from the Features vector. Persist with <see cref="NeuralModelPersistence"/>.</summary>
public sealed class NeuralRegressionTransformer : ITransformer, IDisposable
{
    private readonly TrainedNetwork _model;
    private readonly object _gate = new();
    private int _blockRows;

    internal NeuralRegressionTransformer(NeuralArchitecture architecture, TrainedNetwork model)
    {
        Architecture = architecture;
        _model = model;
        Layers = NetworkInspector.Describe(model.Network, architecture.Activation);
    }

    internal NeuralArchitecture Architecture { get; }

    internal TrainedNetwork Model => _model;

    /// <summary>Training options used for the fit (column names included).</summary>
    public NeuralTrainingOptions TrainingOptions => Architecture.Training;

    /// <summary>MLP options when the model is an MLP, else null.</summary>
    public MlpOptions? MlpOptions => Architecture.Mlp;

    /// <summary>ResNet options when the model is a ResNet, else null.</summary>
    public ResNetOptions? ResNetOptions => Architecture.ResNet;

    /// <summary>TabM options when the model is a TabM, else null.</summary>
    public TabMOptions? TabMOptions => Architecture.TabM;

    /// <summary>Per-epoch losses, best epoch and stop reason.</summary>
    public TrainingCurve Curve => _model.Curve;

    /// <summary>Diagnosis of <see cref="Curve"/>.</summary>
    public TrainingDiagnosis Diagnosis => _model.Curve.Diagnosis;

    /// <summary>One-line explanation of <see cref="Diagnosis"/>.</summary>
    public string DiagnosisExplanation => _model.Curve.Explanation;

    /// <summary>Layers in evaluation mode, input side first; the output is standardised, see <see cref="LabelMean"/>.</summary>
    public IReadOnlyList<NeuralLayer> Layers { get; }

    /// <summary>Prediction = network output · <see cref="LabelStd"/> + LabelMean, then exp() when <see cref="LabelIsLogTransformed"/>.</summary>
    public float LabelMean => _model.LabelMean;

    /// <summary>Standard deviation used to standardise the label.</summary>
    public float LabelStd => _model.LabelStd;

    /// <summary>True when the network was trained on ln(label) (see <see cref="NeuralTrainingOptions.LogTransformSkewedLabel"/>).</summary>
    public bool LabelIsLogTransformed => _model.LogLabel;

    /// <summary>Length of the expected feature vector.</summary>
    public int InputSize => _model.InputSize;

    /// <summary>True when no epoch produced a finite loss and the model predicts the training label mean.</summary>
    public bool PredictsMean => _model.PredictMean;

    /// <inheritdoc />
    public bool IsRowToRowMapper => false;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        FeatureReader.VectorSize(inputSchema, TrainingOptions.FeatureColumnName);
        return ScoredDataView.OutputSchema(inputSchema, TrainingOptions.ScoreColumnName);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("Neural regressors score through Transform; use Transform on an IDataView.");

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        int size = FeatureReader.VectorSize(input.Schema, TrainingOptions.FeatureColumnName);
        if (size != InputSize) throw new ArgumentException($"Expected {InputSize} features, got {size}.");
        return new ScoredDataView(input, TrainingOptions.ScoreColumnName, rows => new NeuralRowScores(rows, this));
    }

    /// <summary>Scores rows given as a flat row-major array of <paramref name="rows"/> × <see cref="InputSize"/> features.</summary>
    /// <param name="features">Row-major features.</param>
    /// <param name="rows">Number of rows.</param>
    /// <returns>One prediction per row on the label's scale.</returns>
    public float[] Predict(float[] features, int rows)
    {
        var result = new float[rows];
        if (_model.PredictMean)
        {
            Array.Fill(result, Fallback);
            return result;
        }
        lock (_gate)
        {
            _model.Network.eval();
            if (_blockRows == 0) _blockRows = ForwardBlocks.Rows(_model.Network, InputSize, int.MaxValue);
            using var noGrad = torch.no_grad();
            for (int start = 0; start < rows; start += _blockRows)
            {
                using var scope = torch.NewDisposeScope();
                int length = Math.Min(_blockRows, rows - start);
                var block = length * InputSize == features.Length ? features : features.AsSpan(start * InputSize, length * InputSize).ToArray();
                var x = torch.tensor(block, new long[] { length, InputSize });
                var y = _model.Network.call(x).reshape(length).data<float>().ToArray();
                for (int i = 0; i < length; i++)
                {
                    float v = y[i] * LabelStd + LabelMean;
                    if (_model.LogLabel) v = MathF.Exp(v);
                    // A non-finite output must never leak into a pipeline; the mean is the least-harm answer.
                    result[start + i] = float.IsFinite(v) ? v : Fallback;
                }
            }
        }
        return result;
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("ML.NET 5 keeps ModelSaveContext internal; save the chain with NeuralModelPersistence.Save.");

    /// <inheritdoc />
    public void Dispose() => _model.Network.Dispose();

    internal Sequential Network => _model.Network;

    private float Fallback => _model.LogLabel ? MathF.Exp(LabelMean) : LabelMean;
}
