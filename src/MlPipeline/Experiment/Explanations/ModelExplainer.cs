using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Ensembles;
using MlPipeline.Trainers.Explanations;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Experiment.Explanations;

/// <summary>
/// Per-row contributions of each input column to a fitted model's prediction, preprocessing included:
/// exact for linear models (coefficient × centred value) and tree models (path-dependent TreeSHAP; GAM's shape
/// functions read as trees), sampled for networks (<see cref="SampledShapley"/>, columns as players, with a standard
/// error), and the weighted sum of the members' for an ensemble. A slot-level explanation is summed over the slots
/// of each column (one-hot categories, missing indicator). A single log-link model is explained in log space
/// (<see cref="RowExplanation.LogScale"/>); inside an ensemble a log-link member's contributions are rescaled to the
/// score by (score − base score) / (log score − log base), which keeps them additive.
/// </summary>
internal sealed class ModelExplainer
{
    /// <summary>Reference rows used as the background when none are given: enough for stable covers and means.</summary>
    public const int ReferenceRows = 200;

    /// <summary>Orders drawn per reference row for a network (with 50 reference rows, 100 samples per contribution).</summary>
    private const int NetworkSamplesPerReferenceRow = 2;

    /// <summary>Reference rows a network's sampling uses (each sample costs one network pass per column).</summary>
    private const int NetworkReferenceRows = 50;

    private readonly IReadOnlyList<(double Weight, Member Member)> _members;

    private ModelExplainer(IReadOnlyList<string> columns, IReadOnlyList<(double Weight, Member Member)> members)
    {
        Columns = columns;
        _members = members;
    }

    /// <summary>About <see cref="ReferenceRows"/> rows of <paramref name="rows"/> (of <paramref name="count"/>), drawn at random, not the first ones.</summary>
    public static IDataView Sample(MLContext ml, IDataView rows, long count, int seed) => count <= ReferenceRows ? rows
        : ml.Data.TrainTestSplit(rows, testFraction: (double)ReferenceRows / count, seed: seed).TestSet;

    /// <summary>The input columns, in the order of <see cref="RowExplanation.Contributions"/>.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>How the contributions are computed, for the outputs: each distinct method of the members.</summary>
    public string Method => string.Join(" + ", _members.Select(m => m.Member.Method).Distinct()) + (_members.Count > 1 ? ", weighted by the ensemble" : "");

    /// <summary>Whether some contributions are sampled estimates (a network), which have a standard error.</summary>
    public bool Sampled => _members.Any(m => m.Member.Sampled);

    /// <summary>
    /// The explainer of <paramref name="model"/>, whose background is <paramref name="reference"/> (loaded rows as
    /// the model reads them, typically training rows). <paramref name="plan"/> is the single model's preprocessing
    /// plan (an ensemble's members carry their own).
    /// </summary>
    /// <exception cref="NotSupportedException">A regressor this explainer does not know.</exception>
    public static ModelExplainer Create(ITransformer model, PreprocessingPlan? plan, DataSchema schema, IDataView reference, int seed = 0)
    {
        var columns = schema.Features.Select(c => c.Name).ToList();
        var index = columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        IReadOnlyList<(double, Member)> members = model is EnsembleTransformer ensemble
            ? [.. ensemble.Members.Select(m => (m.Weight, Member.Create(m.Chain, m.Plan, schema, index, reference, seed)))]
            : [(1.0, Member.Create(model, plan ?? throw new ArgumentException("a single model needs its preprocessing plan", nameof(plan)), schema, index, reference, seed))];
        return new ModelExplainer(columns, members);
    }

    /// <summary>Explains every row of <paramref name="rows"/> (loaded as the model reads them), in order.</summary>
    public IReadOnlyList<RowExplanation> Explain(IDataView rows)
    {
        var perMember = _members.Select(m => m.Member.Explain(rows)).ToList();
        var count = perMember[0].Count;
        var result = new RowExplanation[count];
        for (var r = 0; r < count; r++)
        {
            if (_members.Count == 1)
            {
                result[r] = perMember[0][r];
                continue;
            }
            var contributions = new double[Columns.Count];
            var errors = new double[Columns.Count];
            double baseValue = 0, output = 0;
            for (var m = 0; m < _members.Count; m++)
            {
                var weight = _members[m].Weight;
                var e = OnScoreScale(perMember[m][r]);
                baseValue += weight * e.BaseValue;
                output += weight * e.Output;
                for (var c = 0; c < contributions.Length; c++)
                {
                    contributions[c] += weight * e.Contributions[c];
                    errors[c] += weight * weight * e.StandardErrors[c] * e.StandardErrors[c];
                }
            }
            result[r] = new RowExplanation(baseValue, contributions, [.. errors.Select(Math.Sqrt)], output, LogScale: false);
        }
        return result;
    }

    /// <summary>A log-space explanation carried to the score, proportionally, so that it still adds up.</summary>
    private static RowExplanation OnScoreScale(RowExplanation e)
    {
        if (!e.LogScale) return e;
        var (baseScore, score) = (Math.Exp(e.BaseValue), Math.Exp(e.Output));
        var logGap = e.Output - e.BaseValue;
        var factor = Math.Abs(logGap) > 1e-12 ? (score - baseScore) / logGap : score;
        return new RowExplanation(baseScore, [.. e.Contributions.Select(c => c * factor)], [.. e.StandardErrors.Select(s => s * Math.Abs(factor))], score, LogScale: false);
    }

    /// <summary>One pipeline: its preprocessing, the explainer of its regressor, and which column owns each slot.</summary>
    private sealed class Member
    {
        private readonly ITransformer[] _preprocessing;
        private readonly int[] _columnOfSlot;
        private readonly int _columns;
        private readonly IFeatureExplainer? _exact;
        private readonly SampledShapley? _sampled;
        private readonly int[] _columnOfGroup;

        private Member(ITransformer[] preprocessing, int[] columnOfSlot, int columns, IFeatureExplainer? exact, SampledShapley? sampled, int[] columnOfGroup)
        {
            _preprocessing = preprocessing;
            _columnOfSlot = columnOfSlot;
            _columns = columns;
            _exact = exact;
            _sampled = sampled;
            _columnOfGroup = columnOfGroup;
        }

        public static Member Create(ITransformer chain, PreprocessingPlan plan, DataSchema schema, IReadOnlyDictionary<string, int> index, IDataView reference, int seed)
        {
            var steps = TransformerChains.Flatten(chain).ToArray();
            var preprocessing = steps[..^1];
            var regressor = steps[^1];
            var slots = FeatureSlot.Of(plan, schema);
            var columnOfSlot = slots.Select(s => index.TryGetValue(s.Column, out var c) ? c
                : throw new InvalidOperationException($"feature slot of unknown column '{s.Column}'")).ToArray();
            var rows = Features(preprocessing, reference);
            if (rows.Count > 0 && rows[0].Length != columnOfSlot.Length)
            {
                throw new InvalidOperationException($"the plan describes {columnOfSlot.Length} feature slots, the chain produces {rows[0].Length}");
            }
            switch (regressor)
            {
                case ISingleFeaturePredictionTransformer<object> prediction when FeatureExplainers.For(prediction.Model, rows) is { } exact:
                    return new Member(preprocessing, columnOfSlot, index.Count, exact, null, []);
                case NeuralRegressionTransformer network:
                    var groups = columnOfSlot.Select((c, slot) => (c, slot)).GroupBy(p => p.c).ToList();
                    var sampled = new SampledShapley(network.Predict, [.. rows.Take(NetworkReferenceRows)],
                        [.. groups.Select(g => g.Select(p => p.slot).ToArray())], NetworkSamplesPerReferenceRow, seed);
                    return new Member(preprocessing, columnOfSlot, index.Count, null, sampled, [.. groups.Select(g => g.Key)]);
                default:
                    var model = regressor is ISingleFeaturePredictionTransformer<object> p ? p.Model.GetType().Name : regressor.GetType().Name;
                    throw new NotSupportedException($"{model} cannot be explained");
            }
        }

        public bool Sampled => _sampled is not null;

        public string Method => _exact switch
        {
            LinearModelExplainer => "linear: coefficient × (value − training mean)",
            TreeModelExplainer { LogScale: true } => "exact TreeSHAP (path-dependent) in log space",
            TreeModelExplainer => "exact TreeSHAP (path-dependent)",
            null => $"sampled Shapley values ({_sampled!.Samples} permutations per row, columns as players)",
            _ => _exact.GetType().Name,
        };

        public IReadOnlyList<RowExplanation> Explain(IDataView rows)
        {
            var features = Features(_preprocessing, rows);
            var result = new List<RowExplanation>(features.Count);
            foreach (var x in features)
            {
                var contributions = new double[_columns];
                var errors = new double[_columns];
                if (_exact is not null)
                {
                    var slots = new double[x.Length];
                    _exact.Explain(x, slots);
                    for (var s = 0; s < slots.Length; s++) contributions[_columnOfSlot[s]] += slots[s];
                    result.Add(new RowExplanation(_exact.BaseValue, contributions, errors, _exact.BaseValue + slots.Sum(), _exact.LogScale));
                }
                else
                {
                    var phi = new double[_columnOfGroup.Length];
                    var se = new double[_columnOfGroup.Length];
                    _sampled!.Explain(x, phi, se);
                    for (var g = 0; g < phi.Length; g++)
                    {
                        contributions[_columnOfGroup[g]] = phi[g];
                        errors[_columnOfGroup[g]] = se[g];
                    }
                    result.Add(new RowExplanation(_sampled.BaseValue, contributions, errors, _sampled.BaseValue + phi.Sum(), LogScale: false));
                }
            }
            return result;
        }

        private static List<float[]> Features(IReadOnlyList<ITransformer> preprocessing, IDataView rows)
        {
            var view = preprocessing.Aggregate(rows, (data, step) => step.Transform(data));
            return [.. view.GetColumn<VBuffer<float>>(ColumnNames.Features).Select(v => v.DenseValues().ToArray())];
        }
    }
}
