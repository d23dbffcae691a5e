using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;

namespace MlPipeline.Experiment;

/// <summary>
/// The rows of one run, split once with a seed: test held out first, validation from the rest; the
/// preprocessing fitted on the training rows; and every set featurized and cached for the trials.
/// </summary>
internal sealed class ExperimentData
{
    public required IDataView Train { get; init; }
    public required IDataView TrainAndValidation { get; init; }
    public required IDataView Test { get; init; }
    public required IDataView FeaturesTrain { get; init; }
    public required IDataView FeaturesValidation { get; init; }
    public required IDataView FeaturesTest { get; init; }
    public required float[] ValidationLabels { get; init; }
    public required float[] TestLabels { get; init; }
    public required ITransformer Preprocessing { get; init; }
    public required PreprocessingPlan Plan { get; init; }
    public required DataSplit Split { get; init; }
    public required LabelOutlierReport Outliers { get; init; }
    public required TrainerInput Input { get; init; }

    public static ExperimentData Prepare(MLContext ml, string path, DataSchema schema, ExperimentOptions options)
    {
        var label = schema.LabelColumn.Name;
        var all = ml.Data.Cache(new CsvDataView(path, schema, LoadMode.Training));
        var (trainAndValidation, test) = options.TestDataPath is { } testPath
            ? (all, ml.Data.Cache(new CsvDataView(testPath, schema, LoadMode.Training)))
            : Parts(ml.Data.TrainTestSplit(all, options.TestFraction, seed: options.Seed));
        var inner = ml.Data.TrainTestSplit(trainAndValidation, options.ValidationFraction, seed: options.Seed + 1);
        var drop = options.Preprocessing.DropLabelOutliers;
        var outliers = LabelOutlierDetector.Detect(inner.TrainSet.GetColumn<float>(label).ToArray(), drop);
        IDataView Filter(IDataView rows) => drop ? ml.Data.FilterRowsByColumn(rows, label, outliers.Lower, Math.BitIncrement(outliers.Upper)) : rows;
        var train = Filter(inner.TrainSet);
        var split = new DataSplit(Count(train), Count(inner.TestSet), Count(test), options.TestFraction, options.ValidationFraction, options.Seed);
        if (split.TrainRows < 5 || split.ValidationRows < 1 || split.TestRows < 1)
        {
            throw new DataValidationException($"too few usable rows to split (train {split.TrainRows}, validation {split.ValidationRows}, test {split.TestRows})", path);
        }

        var plan = PreprocessingPlanner.Plan(schema, train, options.Preprocessing);
        var preprocessing = PreprocessingChainBuilder.Build(ml, plan).Fit(train);
        var featuresValidation = ml.Data.Cache(preprocessing.Transform(inner.TestSet));
        var featuresTest = ml.Data.Cache(preprocessing.Transform(test));
        return new ExperimentData
        {
            Train = train,
            TrainAndValidation = Filter(trainAndValidation),
            Test = test,
            FeaturesTrain = ml.Data.Cache(preprocessing.Transform(train)),
            FeaturesValidation = featuresValidation,
            FeaturesTest = featuresTest,
            ValidationLabels = featuresValidation.GetColumn<float>(label).ToArray(),
            TestLabels = featuresTest.GetColumn<float>(label).ToArray(),
            Preprocessing = preprocessing,
            Plan = plan,
            Split = split,
            Outliers = outliers,
            Input = new TrainerInput(label, PreprocessingPlan.FeaturesColumn, options.Seed, split.TrainRows),
        };
    }

    private static (IDataView Train, IDataView Test) Parts(DataOperationsCatalog.TrainTestData split) => (split.TrainSet, split.TestSet);

    private static long Count(IDataView data)
    {
        long rows = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext()) rows++;
        return rows;
    }
}
