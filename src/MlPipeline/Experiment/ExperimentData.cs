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
    /// <summary>Folds of cross-validation when the budget allows it.</summary>
    public const int CrossValidationFolds = 5;

    /// <summary>The training rows of the fits <see cref="IRegressorCandidate.DefaultsCost"/> was measured on (Ames).</summary>
    public const double ReferenceTrainRows = 2344;

    /// <summary>
    /// Training rows × feature slots of the fits <see cref="IRegressorCandidate.DefaultsCost"/> was measured on (Ames:
    /// <see cref="ReferenceTrainRows"/> rows at the default preprocessing's 308 feature slots): fit times of trees and
    /// linear solvers grow about linearly in both, so a trainer's defaults on other data are estimated to cost
    /// <c>DefaultsCost × rows × slots / ReferenceCells</c> seconds (a network's by rows alone, see <see cref="DefaultsSeconds"/>).
    /// </summary>
    public const double ReferenceCells = ReferenceTrainRows * 308;

    public required IDataView TrainAndValidation { get; init; }
    public required IDataView Test { get; init; }
    public required IReadOnlyList<ValidationFold> Folds { get; init; }
    public required float[] TestLabels { get; init; }
    public required DataSplit Split { get; init; }
    public required LabelOutlierReport Outliers { get; init; }
    public required TrainerInput Input { get; init; }

    /// <summary>The preprocessing options the user gave; the sweep varies them per trial.</summary>
    public required PreprocessingOptions Baseline { get; init; }

    private readonly Lock _gate = new();
    private readonly Dictionary<PreprocessingOptions, IReadOnlyList<ValidationFold>> _byOptions = [];
    private MLContext _ml = null!;
    private DataSchema _schema = null!;
    private IReadOnlyList<(IDataView Train, IDataView Validation)> _rawFolds = [];

    /// <summary>The first fold's training rows.</summary>
    public IDataView Train => Folds[0].Train;

    /// <summary>The inferred schema of the data.</summary>
    public DataSchema Schema => _schema;

    /// <summary>
    /// Bytes the featurized folds of the preprocessings other than <see cref="Baseline"/> may hold at once (float32
    /// cells of every fold's training, validation and test rows). Beyond it the least recently used of them is
    /// dropped from the cache: trials still running on it keep their reference, and the rows are freed when they end.
    /// At a few thousand rows every variant fits; at a million rows one variant is ~0.5 GB and only the last one stays.
    /// </summary>
    internal long VariantCacheBytes { get; set; } = 512L << 20;

    private readonly List<PreprocessingOptions> _recent = [];

    /// <summary>
    /// The folds featurized with <paramref name="options"/>: built on first use (each fold's chain fitted on its own
    /// training rows) and cached within <see cref="VariantCacheBytes"/>, so trials that share a preprocessing share
    /// its featurized rows.
    /// </summary>
    public IReadOnlyList<ValidationFold> FoldsFor(PreprocessingOptions options)
    {
        lock (_gate)
        {
            if (!_byOptions.TryGetValue(options, out var folds))
            {
                folds = [.. _rawFolds.Select(p => Fold(_ml, _schema, options, _schema.LabelColumn.LoadedName, p.Train, p.Validation, Test))];
                _byOptions[options] = folds;
            }
            if (options != Baseline)
            {
                _recent.Remove(options);
                _recent.Add(options);
                while (_recent.Count > 1 && _recent.Sum(o => CachedBytes(_byOptions[o])) > VariantCacheBytes)
                {
                    _byOptions.Remove(_recent[0]);
                    _recent.RemoveAt(0);
                }
            }
            return folds;
        }
    }

    /// <summary>Float32 cells the folds' featurized training, validation and test rows hold once read.</summary>
    private long CachedBytes(IReadOnlyList<ValidationFold> folds)
    {
        var perFold = Split.TrainRows + (Split.Folds > 1 ? Split.ValidationRows / Split.Folds : Split.ValidationRows) + Split.TestRows;
        return 4L * folds.Count * perFold * folds[0].Plan.FeatureCount;
    }

    /// <summary>
    /// Splits, featurizes and caches the rows. Models are compared by <see cref="CrossValidationFolds"/>-fold
    /// cross-validation unless even the cheapest trainer's defaults, fitted once per fold, are estimated to overrun one
    /// trial's share of the sweep (<paramref name="cheapestDefaultsCost"/> seconds on <see cref="ReferenceCells"/>, scaled
    /// to these rows and slots), and on a hold-out split then; <paramref name="folds"/> (the user's choice, or a resumed
    /// study's) overrides the rule.
    /// </summary>
    public static ExperimentData Prepare(MLContext ml, string path, DataSchema schema, ExperimentOptions options,
        int? folds = null, double cheapestDefaultsCost = 0, TimeSpan? sweep = null, double trialCapFraction = 1)
    {
        var label = schema.LabelColumn.LoadedName;
        var all = ml.Data.Cache(new CsvDataView(path, schema, LoadMode.Training));
        var (trainAndValidation, test) = options.TestDataPath is { } testPath
            ? (all, ml.Data.Cache(new CsvDataView(testPath, schema, LoadMode.Training)))
            : Parts(ml.Data.TrainTestSplit(all, options.TestFraction, seed: options.Seed));
        var labelled = Count(trainAndValidation);
        var drop = options.Preprocessing.DropLabelOutliers;
        var testRows = Count(test);

        // The hold-out split's planned width says what cross-validation would cost.
        var holdOut = Parts(ml.Data.TrainTestSplit(trainAndValidation, options.ValidationFraction, seed: options.Seed + 1));
        var costScale = CostScale(Count(holdOut.Train), PreprocessingPlanner.Plan(schema, holdOut.Train, options.Preprocessing).FeatureCount);
        var k = folds ?? ChooseFolds(costScale, cheapestDefaultsCost, sweep ?? options.TimeBudget, trialCapFraction);
        var splits = k > 1
            ? ml.Data.CrossValidationSplit(trainAndValidation, k, seed: options.Seed + 1).Select(Parts).ToList()
            : [holdOut];
        var (raw, built, outliers, filter) = Build(ml, schema, options, label, drop, splits, test);
        var trainRows = Count(raw[0].Train);
        var validationRows = k > 1 ? labelled : Count(raw[0].Validation);
        if (trainRows < 5 || validationRows < 1 || testRows < 1)
        {
            throw new DataValidationException($"too few usable rows to split (train {trainRows}, validation {validationRows}, test {testRows})", path);
        }
        var split = new DataSplit(trainRows, validationRows, testRows, options.TestFraction, k > 1 ? 1.0 / k : options.ValidationFraction, options.Seed)
        {
            Folds = k,
        };
        var data = new ExperimentData
        {
            TrainAndValidation = filter(trainAndValidation),
            Test = test,
            Folds = built,
            TestLabels = built[0].FeaturesTest.GetColumn<float>(label).ToArray(),
            Split = split,
            Outliers = outliers,
            Input = new TrainerInput(label, ColumnNames.Features, options.Seed, trainRows),
            Baseline = options.Preprocessing,
            DefaultsCostScale = costScale,
            _ml = ml,
            _schema = schema,
            _rawFolds = raw,
        };
        data._byOptions[options.Preprocessing] = built;
        return data;
    }

    /// <summary>What <see cref="IRegressorCandidate.DefaultsCost"/> is multiplied by on <paramref name="trainRows"/> × <paramref name="slots"/> cells.</summary>
    internal static double CostScale(long trainRows, int slots) => trainRows * (double)Math.Max(1, slots) / ReferenceCells;

    /// <summary>
    /// Cross-validation unless the cheapest trainer's defaults, fitted once per fold, would overrun one trial's share of
    /// the sweep: then a hold-out split. Trainers too slow for the folds are left out of such a sweep (see
    /// <see cref="TooSlowForTheFolds"/>), not the folds for them.
    /// </summary>
    internal static int ChooseFolds(double costScale, double cheapestDefaultsCost, TimeSpan sweep, double trialCapFraction = 1) =>
        CrossValidationFolds * cheapestDefaultsCost * costScale <= trialCapFraction * sweep.TotalSeconds ? CrossValidationFolds : 1;

    /// <summary><see cref="CostScale"/> of the first split's training rows at the user's preprocessing.</summary>
    public double DefaultsCostScale { get; init; } = 1;

    /// <summary>
    /// Whether a trainer's defaults, fitted once per fold, are estimated to overrun <paramref name="trialCap"/>: under
    /// cross-validation such a trainer's trials would all fail at the cap. Networks never are: each fold keeps its best epoch
    /// within an even share of the cap. On a hold-out split none is left out: the cap keeps what it stops (a network's best
    /// epoch, a tree's last subset fit) or fails that one trial.
    /// </summary>
    public bool TooSlowForTheFolds(IRegressorCandidate candidate, TimeSpan trialCap) =>
        Split.Folds > 1 && candidate.Family != TrainerFamily.Neural && DefaultsSeconds(candidate) > trialCap.TotalSeconds;

    /// <summary>Seconds one trial of <paramref name="candidate"/>'s defaults is estimated to take here: one fit per fold.</summary>
    /// <remarks>
    /// A network's time grows with its rows (the batches of an epoch) but hardly with its width, which rows × slots
    /// (<see cref="ReferenceCells"/>) missed: on cps1988 (18,064 rows of 10 slots) it estimated mlp's defaults at 4 s for
    /// 5 folds, which took the whole 18.8 s cap, so the four networks' queued defaults took the sweep's first 40 s. At 60 s
    /// on the 16 development and shared sets, mlp and resnet took about 2.5 ms a training row a fold up to their cap
    /// share (0.2 s on prestige's 64 rows, 2.2 s on guns's 776, the cap from about 1,500 rows).
    /// </remarks>
    public double DefaultsSeconds(IRegressorCandidate candidate) =>
        Split.Folds * candidate.DefaultsCost * (candidate.Family == TrainerFamily.Neural ? Input.Rows / ReferenceTrainRows : DefaultsCostScale);

    /// <summary>Each split's outlier-filtered training rows and its featurized fold, the outliers found on the first split, and the filter itself.</summary>
    private static (List<(IDataView Train, IDataView Validation)> Raw, List<ValidationFold> Built, LabelOutlierReport Outliers, Func<IDataView, IDataView> Filter) Build(
        MLContext ml, DataSchema schema, ExperimentOptions options, string label, bool drop,
        IReadOnlyList<(IDataView Train, IDataView Test)> splits, IDataView test)
    {
        var outliers = LabelOutlierDetector.Detect(splits[0].Train.GetColumn<float>(label).ToArray(), drop);
        IDataView Filter(IDataView rows) => drop ? ml.Data.FilterRowsByColumn(rows, label, outliers.Lower, Math.BitIncrement(outliers.Upper)) : rows;
        var raw = splits.Select(p => (Train: Filter(p.Train), Validation: p.Test)).ToList();
        var built = raw.Select(p => Fold(ml, schema, options.Preprocessing, label, p.Train, p.Validation, test)).ToList();
        return (raw, built, outliers, Filter);
    }

    /// <summary>The smallest and largest label of the rows models learn from (train + validation, outliers dropped when asked), never the test rows.</summary>
    public (double Min, double Max) TrainingLabelRange()
    {
        var labels = TrainAndValidation.GetColumn<float>(_schema.LabelColumn.LoadedName).Where(float.IsFinite).ToArray();
        return labels.Length == 0 ? (0, 0) : (labels.Min(), labels.Max());
    }

    private static ValidationFold Fold(MLContext ml, DataSchema schema, PreprocessingOptions options, string label, IDataView train, IDataView validation, IDataView test)
    {
        var plan = PreprocessingPlanner.Plan(schema, train, options);
        var preprocessing = PreprocessingChainBuilder.Build(ml, plan).Fit(train);
        var featuresValidation = ml.Data.Cache(preprocessing.Transform(validation));
        return new ValidationFold(
            train, ml.Data.Cache(preprocessing.Transform(train)), featuresValidation,
            featuresValidation.GetColumn<float>(label).ToArray(), ml.Data.Cache(preprocessing.Transform(test)), preprocessing, plan);
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
