using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Trainers.Classic;

/// <summary>A generalised additive model: one boosted shape function per feature, summed.</summary>
/// <remarks>
/// ML.NET's GAM neither stops when its context is cancelled (its boosting loop never checks) nor fits beside another
/// GAM (a process-wide lock). At 1M rows × 160 features its defaults did not end their first 10,000-row rung inside a
/// 45 s cap; the abandoned fit ran on, and every later GAM trial waited on the lock until its own cap failed it. So a
/// fit that knows its time (<see cref="TrainerInput.TimeLimit"/>) times two short probes on its own rows and boosts only
/// the rounds that fit in <see cref="TimeShare"/> of it, and the sweep draws no GAM while one is still fitting.
/// </remarks>
internal sealed class GamCandidate : IRegressorCandidate
{
    private static readonly IntParameter s_iterations = new("iterations", 200, 3000, defaultValue: 2500, log: true);
    private static readonly FloatParameter s_learningRate = new("learning_rate", 1e-3, 0.02, defaultValue: 0.006, log: true);
    private static readonly IntParameter s_maxBins = new("max_bins", 16, 512, defaultValue: 255, log: true);
    private static readonly IntParameter s_minLeaf = new("min_leaf", 1, 64, defaultValue: 10, log: true);
    private static readonly SemaphoreSlim s_gate = new(1, 1);

    public string Name => "gam";
    public TrainerFamily Family => TrainerFamily.NonLinear;

    /// <inheritdoc />
    public double DefaultsCost => 13.7;
    public bool RequiresNonNegativeLabel => false;
    public IReadOnlyList<HyperParameter> Space { get; } = [s_iterations, s_learningRate, s_maxBins, s_minLeaf];

    /// <inheritdoc />
    public bool CanStartNow => s_gate.CurrentCount > 0;

    /// <summary>Share of its time limit a fit's rounds may take: the rest scores its rows and absorbs the estimate's error.</summary>
    internal const double TimeShare = 0.5;

    /// <summary>Rows of the timing probes, and their two round counts: the difference of their times is the cost of a round, the rest a fit's fixed cost.</summary>
    internal const int ProbeRows = 2000, ProbeRoundsFew = 10, ProbeRoundsMore = 40;

    /// <summary>
    /// Seconds per row, round and feature above any measured here (7e-9 at 6,000-10,000 rows, 1.5e-9 at 2,000 where a
    /// round's per-bin work weighs more), times two for a slower machine: a fit whose configured rounds stay inside its
    /// time share at this rate is not probed, so small data pay nothing.
    /// </summary>
    internal const double SafeSecondsPerCell = 3e-8;

    /// <summary>Fewest rounds a time-bounded fit boosts.</summary>
    internal const int MinRounds = 20;

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h)
    {
        var trainer = Trainer(ml, input, h, h.Get(s_iterations));
        // Without a time to keep there is nothing to size or to give up waiting for: ML.NET's own lock serialises the fit.
        return input.TimeLimit is null ? trainer : new FittedBy<RegressionPredictionTransformer<GamRegressionModelParameters>>(trainer, rows => Fit(ml, input, h, trainer, rows));
    }

    /// <summary>
    /// The rounds a fit of <paramref name="rows"/> boosts in <see cref="TimeShare"/> of <paramref name="limit"/>: the
    /// configuration's, or fewer, from the probe's costs at <paramref name="probeRows"/> rows scaled linearly to the
    /// fit's rows (an upper bound: a round's per-bin work does not grow with them).
    /// </summary>
    internal static int RoundsWithin(int configured, double fixedSeconds, double secondsPerRound, long probeRows, long rows, TimeSpan limit)
    {
        var scale = (double)rows / Math.Max(1, probeRows);
        var left = TimeShare * limit.TotalSeconds - fixedSeconds * scale;
        return (int)Math.Clamp(left / Math.Max(secondsPerRound * scale, 1e-12), MinRounds, configured);
    }

    /// <summary>
    /// Whether <paramref name="rounds"/> on <paramref name="rows"/> end within <paramref name="limit"/> at the probe's costs
    /// scaled linearly to the rows (an upper bound, so the whole limit, not its share): near the sweep's deadline even
    /// <see cref="MinRounds"/> may not, and a GAM fit cannot stop midway with a model, so it is refused rather than
    /// started to fail at the deadline.
    /// </summary>
    internal static bool FitsWithin(int rounds, double fixedSeconds, double secondsPerRound, long probeRows, long rows, TimeSpan limit) =>
        Seconds(rounds, fixedSeconds, secondsPerRound, probeRows, rows) <= limit.TotalSeconds;

    private static double Seconds(int rounds, double fixedSeconds, double secondsPerRound, long probeRows, long rows) =>
        (fixedSeconds + rounds * secondsPerRound) * rows / Math.Max(1, probeRows);

    private static RegressionPredictionTransformer<GamRegressionModelParameters> Fit(MLContext ml, TrainerInput input, HyperParameters h, GamRegressionTrainer trainer, IDataView rows)
    {
        // ML.NET would make it wait on its lock anyway; here the wait is bounded, and a fit that gets no turn says so.
        var clock = Stopwatch.StartNew();
        var limit = input.TimeLimit!.Value;
        bool turn;
        try
        {
            turn = s_gate.Wait(TimeSpan.FromSeconds(Math.Max(0, TimeShare * limit.TotalSeconds)), input.Cancellation);
        }
        catch (OperationCanceledException)
        {
            turn = false;
        }
        if (!turn) throw new FitRefusedException($"not started: another GAM fit held ML.NET's process-wide GAM lock for {clock.Elapsed.TotalSeconds:F0} s");
        try
        {
            var configured = h.Get(s_iterations);
            var features = rows.Schema[input.FeatureColumn].Type is VectorDataViewType vector ? vector.Size : 1;
            if ((double)input.Rows * configured * features * SafeSecondsPerCell <= TimeShare * limit.TotalSeconds)
                return trainer.Fit(rows);
            var probe = ml.Data.TakeRows(rows, ProbeRows);
            // The short probe runs twice and its quicker time counts: one run now and then took a second longer (compiling
            // ML.NET's code in the process's first GAM fit, or a collection), which the scaling to the fit's rows multiplied
            // (20 rounds on 6,000 rows estimated at 3.2 s, where they took 0.3-0.4 s).
            var few = double.MaxValue;
            for (var run = 0; run < 2; run++)
            {
                var probing = Stopwatch.StartNew();
                Trainer(ml, input, h, ProbeRoundsFew).Fit(probe);
                few = Math.Min(few, probing.Elapsed.TotalSeconds);
            }
            var longer = Stopwatch.StartNew();
            Trainer(ml, input, h, ProbeRoundsMore).Fit(probe);
            var perRound = Math.Max(longer.Elapsed.TotalSeconds - few, 1e-6) / (ProbeRoundsMore - ProbeRoundsFew);
            var fixedSeconds = Math.Max(0, few - ProbeRoundsFew * perRound);
            var probedRows = Math.Min(ProbeRows, input.Rows);
            var left = limit - clock.Elapsed;
            if (!FitsWithin(MinRounds, fixedSeconds, perRound, probedRows, input.Rows, left))
            {
                throw new FitRefusedException($"not started: {MinRounds} rounds on {input.Rows:N0} rows would take about "
                    + $"{Seconds(MinRounds, fixedSeconds, perRound, probedRows, input.Rows):F0} s of the {Math.Max(0, left.TotalSeconds):F0} s it has (probed on {probedRows:N0} rows: {fixedSeconds:F2} s fixed, {1000 * perRound:F1} ms a round)");
            }
            var rounds = RoundsWithin(configured, fixedSeconds, perRound, probedRows, input.Rows, left);
            // At the configuration's rate: a larger one to make up for the rounds diverged (every feature's shape steps on
            // the same gradient each round, so the steps add up over the features: R² -1.4 at 0.02 over 100 features).
            return rounds >= configured ? trainer.Fit(rows) : Trainer(ml, input, h, rounds).Fit(rows);
        }
        finally
        {
            s_gate.Release();
        }
    }

    private static GamRegressionTrainer Trainer(MLContext ml, TrainerInput input, HyperParameters h, int rounds) =>
        ml.Regression.Trainers.Gam(new GamRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            NumberOfIterations = rounds,
            LearningRate = h.Get(s_learningRate),
            MaximumBinCountPerFeature = h.Get(s_maxBins),
            MinimumExampleCountPerLeaf = h.Get(s_minLeaf),
            Seed = input.Seed,
            NumberOfThreads = input.Threads,
        });
}
