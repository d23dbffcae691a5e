namespace MlPipeline.Trainers.Neural;

/// <summary>Reads a loss curve the way the lecture does: ideal, oscillating, disturbed, overfitting.</summary>
internal static class CurveDiagnostics
{
    public static (TrainingDiagnosis Diagnosis, string Explanation) Diagnose(TrainingCurve curve)
    {
        var e = curve.Epochs;
        if (curve.StopReason == TrainingStopReason.NonFiniteLoss || e.Count == 0)
            return (TrainingDiagnosis.Diverged, "Loss became NaN/Inf: learning rate far too high or non-finite values in the data; best earlier weights (or the label mean) are used.");
        var train = e.Select(r => r.TrainLoss).ToArray();
        double minTrain = train.Min();
        if (train[^1] > 10 * Math.Max(minTrain, 1e-12) && train[^1] > 1.0)
            return (TrainingDiagnosis.Diverged, $"Training loss exploded from {minTrain:G3} to {train[^1]:G3}: learning rate far too high.");

        if (IsOscillating(train))
            return (TrainingDiagnosis.Oscillating, "Training loss jumps up and down instead of falling smoothly: learning rate too high or noisy/bad data.");

        var val = e.Select(r => r.ValidationLoss).ToArray();
        if (val.All(v => v.HasValue) && curve.BestEpoch > 0)
        {
            double bestVal = val[curve.BestEpoch - 1]!.Value;
            double lastVal = val[^1]!.Value;
            double trainAtBest = train[curve.BestEpoch - 1];
            if (lastVal > bestVal * 1.1 && train[^1] < trainAtBest * 0.95 && curve.BestEpoch < e.Count)
                return (TrainingDiagnosis.Overfitting, $"Validation loss rose from {bestVal:G3} (epoch {curve.BestEpoch}) to {lastVal:G3} while training loss kept falling: the net memorises; the best epoch's weights are kept.");
        }

        var monitored = val.All(v => v.HasValue) ? val.Select(v => v!.Value).ToArray() : train;
        if ((curve.StopReason is TrainingStopReason.MaxEpochs or TrainingStopReason.TimeLimit or TrainingStopReason.Cancelled or TrainingStopReason.StoppedByCallback)
            && StillFalling(monitored))
            return (TrainingDiagnosis.StillImproving, $"Loss was still falling at epoch {e.Count}: more epochs or a higher learning rate may help.");

        return (TrainingDiagnosis.Converged, "Loss flattened out.");
    }

    private static bool IsOscillating(double[] loss)
    {
        if (loss.Length < 6) return false;
        var tail = loss[(loss.Length / 2)..];
        double up = 0, total = 0;
        for (int i = 1; i < tail.Length; i++)
        {
            double d = tail[i] - tail[i - 1];
            total += Math.Abs(d);
            if (d > 0) up += d;
        }
        double mean = tail.Average();
        // Smooth descent has few upward moves; a too-large step makes the loss bounce by a sizeable fraction of itself.
        return total > 0 && up / total > 0.35 && total / (tail.Length - 1) > 0.05 * mean;
    }

    private static bool StillFalling(double[] loss)
    {
        if (loss.Length < 3) return true;
        int window = Math.Max(2, loss.Length / 10);
        double recentBest = loss[^window..].Min();
        double before = loss[..^window].Min();
        return recentBest < before * 0.99;
    }
}
