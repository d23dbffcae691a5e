using System.Globalization;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// Reads a loss curve the way the lecture does: ideal (both losses fall and settle close together), oscillating,
/// disturbed (isolated spikes), overfitting (validation rises, or stays flat while the training loss keeps falling far
/// below it), still improving, diverged. Each explanation states the numbers behind the verdict and the remedy.
/// </summary>
internal static class CurveDiagnostics
{
    /// <summary>
    /// A point is a spike when it exceeds this multiple of the median of its neighbours. Adam at a constant moderate rate
    /// on clean data blips by up to about 2× now and then; an outlier's spike is orders of magnitude (1,000× in the
    /// provoked training).
    /// </summary>
    internal const double SpikeFactor = 3.0;

    /// <summary>Spikes are isolated (a disturbance, not oscillation) while they are at most this share of the epochs.</summary>
    internal const double MaxSpikeShare = 0.25;

    /// <summary>A spike must rise by at least this share of all the loss ever fell: jitter at a tiny level is not one.</summary>
    internal const double MinSpikeHeight = 0.02;

    /// <summary>Validation above training by this factor at the end, with the gap grown since the best epoch, is overfitting.</summary>
    internal const double OverfitGap = 3.0;

    public static (TrainingDiagnosis Diagnosis, string Explanation) Diagnose(TrainingCurve curve)
    {
        var e = curve.Epochs;
        if (curve.StopReason == TrainingStopReason.NonFiniteLoss || e.Count == 0)
            return (TrainingDiagnosis.Diverged, "Diverged: the loss became NaN/Inf. Lower the learning rate (by 10×) or look for non-finite values in the data; the best earlier weights (or the label mean) are used.");
        var train = e.Select(r => r.TrainLoss).ToArray();
        var minTrain = train.Min();
        if (train[^1] > 10 * Math.Max(minTrain, 1e-12) && train[^1] > 1.0)
            return (TrainingDiagnosis.Diverged, F($"Diverged: training loss exploded from {minTrain:G3} to {train[^1]:G3}. Lower the learning rate (by 10×) or clip gradients."));

        double[]? val = e.All(r => r.ValidationLoss.HasValue) ? [.. e.Select(r => r.ValidationLoss!.Value)] : null;
        var trainSpikes = Spikes(train);
        var valSpikes = val is null ? [] : Spikes(val);
        var spikes = trainSpikes.Concat(valSpikes).Distinct().Order().ToArray();
        if (spikes.Length > 0 && spikes.Length <= Math.Max(1, MaxSpikeShare * e.Count) && !IsOscillating(Smoothed(train, trainSpikes)))
        {
            var (epoch, ratio) = spikes.Select(i => (Epoch: i + 1, Ratio: Math.Max(Ratio(train, i), val is null ? 0 : Ratio(val, i)))).MaxBy(s => s.Ratio);
            return (TrainingDiagnosis.Disturbed, F($"Disturbed: {spikes.Length} isolated spike(s) in an otherwise smooth curve, the largest {ratio:F1}× its neighbours at epoch {epoch}. Typical causes are label outliers or missing/extreme values in a few rows: inspect them, drop label outliers (--drop-label-outliers) or lower the learning rate; gradient clipping limits the damage."));
        }

        if (IsOscillating(train))
        {
            var (up, size) = Bounce(train);
            return (TrainingDiagnosis.Oscillating, F($"Oscillating: in the second half of training {up:P0} of the movement of the training loss is upward, each epoch moving it by ×{Math.Pow(10, size):F2} on average. Lower the learning rate (or use a decaying schedule), increase the batch size, or check the data for bad values."));
        }

        if (val is not null && curve.BestEpoch > 0)
        {
            var best = curve.BestEpoch - 1;
            var bestVal = val[best];
            // The last epochs' median: one noisy epoch at the end is not a rise.
            var lastVal = val[^Math.Min(5, val.Length)..].Order().ElementAt(Math.Min(5, val.Length) / 2);
            var trainAtBest = train[best];
            if (lastVal > bestVal * 1.2 && train[^1] < trainAtBest * 0.95 && curve.BestEpoch < e.Count)
                return (TrainingDiagnosis.Overfitting, F($"Overfitting: validation loss rose from {bestVal:G3} (epoch {curve.BestEpoch}) to {lastVal:G3} while training loss fell from {trainAtBest:G3} to {train[^1]:G3}: a {Gap(lastVal, train[^1]):F1}× gap (it was {Gap(bestVal, trainAtBest):F1}× at the best epoch). The best epoch's weights are kept; add dropout or weight decay, or use a smaller network."));
            // Where validation reached its plateau (within 2 % of its best): from there on, a training loss that keeps
            // falling far below a flat validation loss is memorising, even if a noisy validation minimum comes later.
            var plateau = Array.FindIndex(val, v => v <= bestVal * 1.02);
            var gapAtPlateau = Gap(val[plateau], train[plateau]);
            var gap = Gap(val[^1], train[^1]);
            if (gap >= OverfitGap && gap > 1.5 * gapAtPlateau && train[^1] < train[plateau] * 0.8)
                return (TrainingDiagnosis.Overfitting, F($"Overfitting: validation loss stayed near {bestVal:G3} from epoch {plateau + 1} while training loss kept falling from {train[plateau]:G3} to {train[^1]:G3}: a {gap:F1}× gap (it was {gapAtPlateau:F1}× when validation levelled off). The network memorises the training rows; add dropout or weight decay, use a smaller network or fewer epochs."));
        }

        var monitored = val ?? train;
        if ((curve.StopReason is TrainingStopReason.MaxEpochs or TrainingStopReason.TimeLimit or TrainingStopReason.Cancelled or TrainingStopReason.StoppedByCallback)
            && StillFalling(monitored))
        {
            // A curve of one or two epochs (a network stopped early by a cap) counts as falling; it has fewer epochs than the window.
            var back = Math.Min(Window(monitored), monitored.Length - 1);
            var earlier = back > 0 ? F($", {back} {(back == 1 ? "epoch" : "epochs")} earlier {monitored[^(back + 1)]:G3}") : "";
            return (TrainingDiagnosis.StillImproving, F($"Still improving: the {(val is null ? "training" : "validation")} loss was still falling at epoch {e.Count} (last {monitored[^1]:G3}{earlier}). Train for more epochs or raise the learning rate."));
        }

        // Settled at the label's variance (the loss is on the standardised label): the shape is ideal, the result is not.
        if (monitored[^1] >= 0.9)
            return (TrainingDiagnosis.Converged, F($"Settled, but at {monitored[^1]:G3}: no better than predicting the mean (1.0 on the standardised label). The units may have died from too large a learning rate, or the features carry no signal: lower the learning rate, check the inputs."));
        return (TrainingDiagnosis.Converged, val is null
            ? F($"Ideal: the training loss fell and settled at {train[^1]:G3}.")
            : F($"Ideal: both losses fell and settled close together (training {train[^1]:G3}, validation {val[^1]:G3}, a {Gap(val[^1], train[^1]):F1}× gap)."));
    }

    /// <summary>Indices (from the fourth epoch on) of points above <see cref="SpikeFactor"/> × the median of their neighbourhood.</summary>
    internal static int[] Spikes(double[] loss)
    {
        if (loss.Length < 7) return [];
        var spikes = new List<int>();
        var finite = loss.Where(double.IsFinite).ToArray();
        var fall = finite.Max() - finite.Min();
        // The first epochs fall by large factors by nature: they are not judged.
        for (var i = 3; i < loss.Length; i++)
        {
            var around = Neighbourhood(loss, i);
            if (loss[i] > SpikeFactor * around && loss[i] - around >= MinSpikeHeight * fall) spikes.Add(i);
        }
        return [.. spikes];
    }

    private static double Ratio(double[] loss, int i) => loss[i] / Neighbourhood(loss, i);

    /// <summary>The median of the five points on each side: a run of up to four spikes still stands out from it.</summary>
    private static double Neighbourhood(double[] loss, int i)
    {
        var neighbours = Enumerable.Range(i - 5, 11).Where(j => j >= 0 && j < loss.Length && j != i && double.IsFinite(loss[j])).Select(j => loss[j]).Order().ToArray();
        return neighbours.Length == 0 ? double.PositiveInfinity : Math.Max(neighbours[neighbours.Length / 2], 1e-12);
    }

    /// <summary>The curve with its spikes replaced by the previous point, to ask whether what remains bounces.</summary>
    private static double[] Smoothed(double[] loss, int[] spikes)
    {
        var copy = (double[])loss.Clone();
        foreach (var i in spikes) copy[i] = copy[i - 1];
        return copy;
    }

    private static bool IsOscillating(double[] loss)
    {
        if (loss.Length < 6) return false;
        var (up, size) = Bounce(loss);
        // Read on the log axis the curves are drawn on: a smooth descent has few upward moves, and jitter near a settled
        // level moves by a few per cent; a too-large step makes the loss bounce by a large factor, up as often as down.
        return up > 0.35 && size > OscillationStep;
    }

    /// <summary>
    /// Mean |Δ log10 loss| per epoch above which the second half of a curve bounces (×1.5 a step). Mini-batch noise of
    /// a large network on a hundred rows moves the training loss by about ×1.3 an epoch; a learning rate far too high
    /// by ×2.
    /// </summary>
    internal static readonly double OscillationStep = Math.Log10(1.5);

    /// <summary>In the second half, on log10 of the loss: the upward share of all movement, and the mean step.</summary>
    private static (double Up, double Size) Bounce(double[] loss)
    {
        var tail = loss[(loss.Length / 2)..].Select(v => Math.Log10(Math.Max(v, 1e-300))).ToArray();
        double up = 0, total = 0;
        for (var i = 1; i < tail.Length; i++)
        {
            var d = tail[i] - tail[i - 1];
            total += Math.Abs(d);
            if (d > 0) up += d;
        }
        return total > 0 ? (up / total, total / (tail.Length - 1)) : (0, 0);
    }

    private static int Window(double[] loss) => Math.Max(2, loss.Length / 10);

    private static bool StillFalling(double[] loss)
    {
        if (loss.Length < 3) return true;
        var window = Window(loss);
        return loss[^window..].Min() < loss[..^window].Min() * 0.99;
    }

    /// <summary>How many times the validation loss is the training loss (a zero training loss counts as 1e-12).</summary>
    private static double Gap(double validation, double train) => validation / Math.Max(train, 1e-12);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
