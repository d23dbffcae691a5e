using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Evaluation;
using MlPipeline.Experiment;
using MlPipeline.Experiment.Ensembling;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Reporting;

/// <summary>A run's result built by hand from records: every number fixed, an ensemble kept, one failed trial.</summary>
internal static class MetricsFixture
{
    public static ExperimentResult Result()
    {
        var schema = new DataSchema("price", new CsvFormat(), [
            new ColumnSchema("price", 0, ColumnRole.Label, 0, 90, "label") { Min = 1.5, Max = 99.25 },
            new ColumnSchema("area", 1, ColumnRole.Numeric, 2, 80, "numbers") { Min = 10, Max = 300, UnparsedCount = 2, UnparsedExamples = [new("-", 7), new("<n/a>", 12)] },
            new ColumnSchema("zone", 2, ColumnRole.Categorical, 0, 3, "few distinct values"),
        ])
        { RowsScanned = 100, ScanComplete = true, RowsWithMissingLabel = 1 };
        var options = new PreprocessingOptions();
        var plan = new PreprocessingPlan(["area"], ["area"], [], options);
        var validation = new RegressionQuality(2.5, 1.75, 0.875, 3.125, 20);
        var test = new RegressionQuality(2.75, 2, 0.8125, null, 20);
        var best = new LeaderboardEntry("fasttree", TrainerFamily.NonLinear, HyperParameters.Of(("leaves", 31), ("learning_rate", 0.1), ("boost", "gbdt")),
            TrialStatus.Completed, validation, test, 1.5) { Number = 1, Preprocessing = options };
        var linear = new LeaderboardEntry("sdca", TrainerFamily.Linear, HyperParameters.Of(("l2", 0.001)),
            TrialStatus.Completed, validation with { Rmse = 3 }, test with { Rmse = 3.5 }, 0.25) { Number = 0, Preprocessing = options };
        var failed = new LeaderboardEntry("lightgbm", TrainerFamily.NonLinear, HyperParameters.Empty,
            TrialStatus.Failed, null, null, 0, "boom, \"quoted\"") { Number = 2, Preprocessing = options with { Scaler = ScalerKind.MinMax } };
        var ensemble = new EnsembleReport(
            [new EnsembleCandidate("fasttree", 1, 2.5, 0.75), new EnsembleCandidate("sdca", 0, 3, 0.25), new EnsembleCandidate("lightgbm", 2, 4, 0)],
            validation with { Rmse = 2.25 }, 2.5, true, "ensemble of 2 models");
        var model = new PipelineModel(new MLContext(1), new TransformerChain<ITransformer>(), schema)
        {
            Interval = new PredictionInterval(0.9, 4.5f, PredictionInterval.CrossValidation, 80, Exact: false),
        };
        return new ExperimentResult(schema, plan, new DataSplit(60, 20, 20, 0.2, 0.25, 7),
            new LabelOutlierReport("robust z-score > 3.5", -1, 200, 2, 60, false),
            [best, linear, failed], best, model, test, true, TimeSpan.FromSeconds(12.5), TimeSpan.FromSeconds(60))
        {
            Ensemble = ensemble,
            TestLabels = [10, 20, 30, 40],
            TestPredictions = [12, 14, 31, 40.5f],
            LeftOut = [new LeftOutTrainer("gam", 54.3, 19.2, "its defaults, fitted on 5 folds, would overrun the 19 s per-trial cap")],
            LinearModel = new LinearCoefficients("sdca", 0, 41.5, [
                new ColumnCoefficients("city", [new SlotCoefficient("=a", -2.5), new SlotCoefficient("=b", 1.25)]),
                new ColumnCoefficients("x", [new SlotCoefficient("value", 0.5), new SlotCoefficient("missing", -0.125)])], LogLink: false),
        };
    }
}
