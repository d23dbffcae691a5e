using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Neural;
using Xunit.Abstractions;

namespace MlPipeline.Tests.Trainers.Neural;

/// <summary>Real trainings provoked into each of the lecture's curve kinds, and the diagnosis that reads them.</summary>
public sealed class ProvokedDiagnosisTests(ITestOutputHelper output)
{
    private readonly MLContext _ml = new(seed: 1);

    private NeuralRegressionTransformer Train(List<TwoFeatureRow> rows, MlpOptions options)
    {
        return Logged(_ml.Regression.Trainers.Mlp(options).Fit(_ml.Data.LoadFromEnumerable(rows)));
    }

    private NeuralRegressionTransformer Logged(NeuralRegressionTransformer model)
    {
        output.WriteLine($"{model.Diagnosis}: {model.DiagnosisExplanation}");
        output.WriteLine(string.Join(" ", model.Curve.Epochs.Select(e => $"{e.TrainLoss:G3}/{e.ValidationLoss:G3}")));
        return model;
    }

    [Fact]
    public void A_Moderate_Learning_Rate_On_Clean_Data_Is_Ideal()
    {
        var model = Train(NeuralTestData.SinSquare(1500, 1), NeuralTestData.SmallMlp with
        {
            Training = NeuralTestData.FastTraining with { MaxEpochs = 150, EarlyStoppingPatience = 15 },
        });

        Assert.Equal(TrainingDiagnosis.Converged, model.Diagnosis);
        Assert.StartsWith("Ideal:", model.DiagnosisExplanation);
    }

    [Fact]
    public void A_Learning_Rate_Far_Too_High_Oscillates()
    {
        var model = Train(NeuralTestData.SinSquare(1000, 3), NeuralTestData.SmallMlp with
        {
            Training = NeuralTestData.FastTraining with
            {
                Optimizer = NeuralOptimizer.Adam, LearningRate = 0.1, GradientClipNorm = 0, BatchSize = 8,
                Schedule = LearningRateSchedule.Constant, MaxEpochs = 50, EarlyStoppingPatience = 0,
            },
        });

        Assert.Equal(TrainingDiagnosis.Oscillating, model.Diagnosis);
        Assert.Contains("Lower the learning rate", model.DiagnosisExplanation);
    }

    [Fact]
    public void Injected_Outliers_Disturb_The_Curve()
    {
        var rows = NeuralTestData.SinSquare(1000, 3);
        // Four rows whose first input is thirty times beyond the rest, as a unit or data-entry error would put it.
        for (var i = 5; i < rows.Count; i += 250) rows[i].Features = [60, rows[i].Features[1]];
        var model = Train(rows, NeuralTestData.SmallMlp with
        {
            Training = NeuralTestData.FastTraining with
            {
                Optimizer = NeuralOptimizer.Adam, LearningRate = 0.003, GradientClipNorm = 0, BatchSize = 32,
                Schedule = LearningRateSchedule.Constant, MaxEpochs = 50, EarlyStoppingPatience = 0,
            },
        });

        Assert.Equal(TrainingDiagnosis.Disturbed, model.Diagnosis);
        Assert.Contains("outliers", model.DiagnosisExplanation);
    }

    [Fact]
    public void A_Large_Network_On_A_Hundred_Rows_Overfits_And_States_Its_Gap()
    {
        var model = Train(NeuralTestData.SinSquare(100, 4, noise: 0.5), new MlpOptions
        {
            HiddenLayers = [512, 512, 512], Dropout = 0,
            Training = NeuralTestData.FastTraining with
            {
                LearningRate = 1e-3, WeightDecay = 0, BatchSize = 16, ValidationFraction = 0.3,
                Schedule = LearningRateSchedule.Constant, MaxEpochs = 200, EarlyStoppingPatience = 0,
            },
        });

        Assert.Equal(TrainingDiagnosis.Overfitting, model.Diagnosis);
        Assert.Matches(@"\d+(\.\d+)?× gap|rose from", model.DiagnosisExplanation);
    }

    [Fact]
    public void Too_Few_Epochs_At_A_Small_Learning_Rate_Are_Still_Improving()
    {
        var model = Train(NeuralTestData.SinSquare(1000, 5), NeuralTestData.SmallMlp with
        {
            Training = NeuralTestData.FastTraining with
            {
                Optimizer = NeuralOptimizer.Adam, LearningRate = 3e-4, Schedule = LearningRateSchedule.Constant, MaxEpochs = 8, EarlyStoppingPatience = 0,
            },
        });

        Assert.Equal(TrainingStopReason.MaxEpochs, model.Curve.StopReason);
        Assert.Equal(TrainingDiagnosis.StillImproving, model.Diagnosis);
        Assert.Contains("Train for more epochs", model.DiagnosisExplanation);
    }

    [Fact]
    public void Plain_Gradient_Descent_At_A_Huge_Learning_Rate_Without_Clipping_Diverges()
    {
        var model = Train(NeuralTestData.SinSquare(1000, 6), NeuralTestData.SmallMlp with
        {
            Training = NeuralTestData.FastTraining with
            {
                Optimizer = NeuralOptimizer.Sgd, LearningRate = 50, GradientClipNorm = 0, WeightDecay = 0,
                Schedule = LearningRateSchedule.Constant, MaxEpochs = 30, EarlyStoppingPatience = 0,
            },
        });

        Assert.Equal(TrainingDiagnosis.Diverged, model.Diagnosis);
        Assert.Contains("Lower the learning rate", model.DiagnosisExplanation);
    }

    [Fact]
    public void The_Default_Mlp_On_Ames_Overfits_And_States_Its_Gap()
    {
        // Given: the lecture's case, the mlp trainer at its defaults on the repository's Ames data (2,930 rows, 80
        // columns), preprocessed as the sweep plans it
        var ml = new MLContext(seed: 1);
        var ames = RepositoryFiles.Path("data/ames.csv");
        var schema = new SchemaInferrer().Infer(ames, "Sale_Price");
        var rows = ml.Data.Cache(CsvDataLoader.Load(ames, schema, LoadMode.Training));
        var mlp = TrainerRegistry.Default.Get("mlp");
        var plan = PreprocessingPlanner.Plan(schema, rows, new PreprocessingOptions());
        var pipeline = PreprocessingChainBuilder.Build(ml, plan)
            .Append(mlp.CreateEstimator(ml, new TrainerInput("Sale_Price", ColumnNames.Features, 2, 2930), mlp.Defaults));

        // When
        var network = Logged(pipeline.Fit(rows).OfType<NeuralRegressionTransformer>().Single());

        // Then: overfitting, with the end-of-training gap between the losses in the explanation
        Assert.Equal(TrainingDiagnosis.Overfitting, network.Diagnosis);
        Assert.Matches(@"a \d+\.\d× gap", network.DiagnosisExplanation);
    }
}
