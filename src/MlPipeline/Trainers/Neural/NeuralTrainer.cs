using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>Result of a training run: the network holds the best epoch's weights.</summary>
internal sealed record TrainedNetwork(Sequential Network, int InputSize, float LabelMean, float LabelStd, TrainingCurve Curve, bool PredictMean, bool LogLabel);

/// <summary>Mini-batch gradient descent on MSE with a seeded validation split, early stopping and best-weight restore.</summary>
internal static class NeuralTrainer
{
    /// <summary>
    /// How long the first epoch may go on after a cancellation (longer than a capped trial waits for its fit to return).
    /// </summary>
    internal static readonly TimeSpan FirstEpochGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Trains on <paramref name="data"/>, copied block by block into one tensor (and released from a holder that kept
    /// them, the holder's reference only: a caller sharing the arrays keeps them).
    /// </summary>
    public static TrainedNetwork Fit(NeuralArchitecture arch, IFeatureBlocks data, int inputSize,
        Func<EpochReport, bool>? onEpoch, CancellationToken cancellationToken)
    {
        var o = arch.Training;
        var rows = data.Rows;
        if (rows < 2) throw new ArgumentException("Neural training needs at least two rows with a finite label.");
        // Resetting torch's intra-op pool while another trial's network computes in it is not safe; skip the no-op call.
        if (o.Threads > 0 && torch.get_num_threads() != o.Threads) torch.set_num_threads(o.Threads);
        var rng = new Random(o.Seed);

        var (trainIdx, valIdx) = Split(rows, o.ValidationFraction, rng, o.MaxValidationRows);
        int nVal = valIdx.Length;

        // Every row in one tensor, in its order: batches draw the training rows from it by index, and only the validation
        // rows (at most MaxValidationRows) are gathered into a tensor of their own. Reading all rows into an array first,
        // then gathering train and validation from it, held each network's rows twice while it started.
        using var xAll = torch.empty(new long[] { rows, inputSize });
        var y = data.ReadBlocks(FeatureReader.BlockRows, (block, first, count) =>
        {
            using var part = torch.tensor(count * inputSize == block.Length ? block : block[..(count * inputSize)], new long[] { count, inputSize });
            using var target = xAll.narrow(0, first, count);
            target.copy_(part);
        });
        data.Release();

        // Standardising the label keeps the MSE near 1 whatever the label's unit, so one learning rate suits all data sets.
        bool log = o.LogTransformSkewedLabel && IsPositiveAndSkewed(y, trainIdx);
        // Prices and similar strictly positive, right-skewed targets fit far better on the log scale.
        if (log) y = y.Select(v => MathF.Log(v)).ToArray();
        double mean = trainIdx.Average(i => (double)y[i]);
        double std = Math.Sqrt(trainIdx.Average(i => ((double)y[i] - mean) * ((double)y[i] - mean)));
        if (!(std > 1e-12)) std = 1;

        var net = NetworkBuilder.Build(arch, inputSize, o.Seed);
        foreach (var module in net.modules().OfType<RobustScaleClip>()) module.Fit(xAll, trainIdx);
        using var yAll = torch.tensor(y.Select(v => (float)((v - mean) / std)).ToArray(), new long[] { rows, 1 });
        using var valIndex = nVal > 0 ? torch.tensor(valIdx.Select(i => (long)i).ToArray()) : null;
        using var xVal = valIndex is null ? null : xAll.index_select(0, valIndex);
        using var yVal = valIndex is null ? null : yAll.index_select(0, valIndex);

        using var optimizer = new GradientDescent(NetworkBuilder.RatesOf(net, arch), o.Optimizer, o.LearningRate, o.WeightDecay, o.Momentum, o.AdamBeta2);
        var reports = new List<EpochReport>();
        var best = Snapshot(net);
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0, sinceBest = 0, sincePlateau = 0;
        double lr = o.LearningRate;
        var stop = TrainingStopReason.MaxEpochs;
        var clock = Stopwatch.StartNew();
        int n = trainIdx.Length;
        int batch = Math.Clamp(o.BatchSize, 1, n);

        // Positions in the all-rows tensor; shuffled as positions 0..n-1 of a training-only tensor were, so batches are the same rows.
        var order = trainIdx.Select(i => (long)i).ToArray();
        var epochRows = o.MaxRowsPerEpoch > 0 ? Math.Min(n, o.MaxRowsPerEpoch) : n;
        var evaluationRows = ForwardBlocks.Rows(net, inputSize, EvaluationRows);
        var (timeAvailable, maxTrainingSeconds) = (o.TimeAvailableSeconds, o.MaxTrainingSeconds);
        if (timeAvailable > 0 && o.RowsScoredAfterFit > 0)
        {
            var scoring = o.RowsScoredAfterFit * ForwardSecondsPerRow(net, xVal ?? xAll, evaluationRows);
            if (scoring > ScoringShareOfTime * timeAvailable)
            {
                throw new FitRefusedException($"not started: scoring the {o.RowsScoredAfterFit:N0} rows after the fit would take about {scoring:F0} s of the {timeAvailable:F0} s it has");
            }
            var training = timeAvailable - scoring;
            maxTrainingSeconds = maxTrainingSeconds > 0 ? maxTrainingSeconds * training / timeAvailable : training;
            timeAvailable = training;
        }
        if (timeAvailable > 0 && epochRows > 2 * batch) epochRows = EpochRowsWithin(net, xAll, yAll, batch, nVal, timeAvailable, epochRows);
        var cursor = 0;
        using var firstEpoch = new CancellationTokenSource();
        using var graceAfterCancel = cancellationToken.Register(() => firstEpoch.CancelAfter(FirstEpochGrace));
        for (int epoch = 1; epoch <= o.MaxEpochs; epoch++)
        {
            if (o.Schedule == LearningRateSchedule.Cosine)
                lr = 0.5 * o.LearningRate * (1 + Math.Cos(Math.PI * (epoch - 1) / Math.Max(1, o.MaxEpochs)));
            Func<double, double>? rateAt = null;
            if (o.Schedule == LearningRateSchedule.CosLog4)
            {
                // Progress is the larger of epochs done and time used, so under a time limit the schedule still runs its
                // course; the rate is set per batch, as pytabkit does, between this epoch's start and its expected end.
                double elapsed = clock.Elapsed.TotalSeconds, perEpoch = epoch > 1 ? elapsed / (epoch - 1) : 0;
                if (maxTrainingSeconds > 0 && epoch > 1 && elapsed + perEpoch > maxTrainingSeconds)
                {
                    stop = TrainingStopReason.TimeLimit;
                    break;
                }
                double Progress(int epochs, double seconds) => Math.Min(1, Math.Max((double)epochs / Math.Max(1, o.MaxEpochs),
                    maxTrainingSeconds > 0 ? seconds / maxTrainingSeconds : 0));
                double from = Progress(epoch - 1, elapsed), to = Math.Max(from, Progress(epoch, elapsed + perEpoch));
                rateAt = part => CosLog(o.LearningRate, from + part * (to - from), cycles: 4);
                lr = rateAt(0.5);
            }
            optimizer.LearningRate = lr;
            // Once an epoch is kept, a cancellation abandons the epoch in progress: on wide data an epoch can outlast the
            // time a capped fit has to return what it has. The first epoch gets a grace to finish, as without it there is
            // no model at all; past the grace nobody waits for it, and a fit left running would still be inside
            // libtorch when the process exits, which crashed it (exit 139 after the outputs were written).
            var abandon = bestEpoch > 0 ? cancellationToken : firstEpoch.Token;
            if (epochRows == n || cursor + epochRows > n)
            {
                // Each pass shuffles the rows afresh (from their own order, so whole-pass training draws as it always did).
                for (var i = 0; i < n; i++) order[i] = trainIdx[i];
                rng.Shuffle(order);
                cursor = 0;
            }
            var rowsOfEpoch = order.AsSpan(cursor, epochRows).ToArray();
            cursor += epochRows;
            if (TrainEpoch(net, optimizer, xAll, yAll, rowsOfEpoch, batch, o.GradientClipNorm, o.Loss, abandon, rateAt) is not { } trainLoss)
            {
                stop = TrainingStopReason.Cancelled;
                break;
            }
            double? valLoss = xVal is null ? null : Evaluate(net, xVal, yVal!, evaluationRows);
            var report = new EpochReport(epoch, trainLoss, valLoss, lr, clock.Elapsed) { Rows = epochRows };
            double monitored = valLoss ?? trainLoss;
            if (!double.IsFinite(trainLoss) || !double.IsFinite(monitored))
            {
                reports.Add(report);
                stop = TrainingStopReason.NonFiniteLoss;
                break;
            }
            reports.Add(report);
            if (monitored < bestLoss)
            {
                if (monitored < bestLoss * (1 - 1e-4)) { sinceBest = 0; sincePlateau = 0; } else { sinceBest++; sincePlateau++; }
                bestLoss = monitored;
                bestEpoch = epoch;
                DisposeAll(best);
                best = Snapshot(net);
            }
            else { sinceBest++; sincePlateau++; }

            if (o.Schedule == LearningRateSchedule.ReduceOnPlateau && sincePlateau >= o.PlateauPatience)
            {
                lr *= o.PlateauFactor;
                sincePlateau = 0;
            }
            if (onEpoch is not null && !onEpoch(report)) { stop = TrainingStopReason.StoppedByCallback; break; }
            if (cancellationToken.IsCancellationRequested) { stop = TrainingStopReason.Cancelled; break; }
            if (maxTrainingSeconds > 0 && clock.Elapsed.TotalSeconds >= maxTrainingSeconds) { stop = TrainingStopReason.TimeLimit; break; }
            if (nVal > 0 && o.EarlyStoppingPatience > 0 && sinceBest >= o.EarlyStoppingPatience) { stop = TrainingStopReason.EarlyStopping; break; }
        }

        Restore(net, best);
        DisposeAll(best);
        net.eval();
        var curve = new TrainingCurve(reports, bestEpoch, stop);
        return new TrainedNetwork(net, inputSize, (float)mean, (float)std, curve, PredictMean: bestEpoch == 0, LogLabel: log);
    }

    /// <summary>
    /// pytabkit's <c>CoslogFunc</c>: lr·½(1 − cos(2π·log₂(1 + (2^cycles − 1)·t))) at progress t ∈ [0, 1].
    /// </summary>
    internal static double CosLog(double learningRate, double t, int cycles) =>
        learningRate * 0.5 * (1 - Math.Cos(2 * Math.PI * Math.Log2(1 + (Math.Pow(2, cycles) - 1) * t)));

    private static bool IsPositiveAndSkewed(float[] y, int[] idx)
    {
        if (idx.Any(i => !(y[i] > 0))) return false;
        double m = idx.Average(i => (double)y[i]);
        double s2 = idx.Average(i => Math.Pow(y[i] - m, 2));
        if (!(s2 > 0)) return false;
        double skew = idx.Average(i => Math.Pow(y[i] - m, 3)) / Math.Pow(s2, 1.5);
        return skew > 1.0;
    }

    /// <summary>Seeded hold-out split; the generator continues to drive batch shuffling afterwards.</summary>
    internal static (int[] Train, int[] Validation) Split(int rows, double fraction, Random rng, int maxValidationRows = 0)
    {
        var order = Enumerable.Range(0, rows).ToArray();
        rng.Shuffle(order);
        int nVal = fraction > 0 ? Math.Clamp((int)Math.Round(rows * fraction), 1, rows - 1) : 0;
        if (maxValidationRows > 0) nVal = Math.Min(nVal, maxValidationRows);
        return (order[nVal..], order[..nVal]);
    }


    /// <summary>One pass over the rows <paramref name="perm"/> in its order; null when <paramref name="abandon"/> fired before the pass ended.</summary>
    internal static double? TrainEpoch(Sequential net, GradientDescent optimizer, Tensor x, Tensor y, long[] perm, int batch, double clip,
        NeuralLoss lossKind = NeuralLoss.Mse, CancellationToken abandon = default, Func<double, double>? rateAt = null)
    {
        net.train();
        var n = perm.Length;
        double sum = 0;
        for (int start = 0; start < n; start += batch)
        {
            int len = Math.Min(batch, n - start);
            if (len < 2 && n >= 2) continue; // a one-row batch breaks batch norm and adds little
            if (abandon.IsCancellationRequested) return null;
            if (rateAt is not null) optimizer.LearningRate = rateAt((double)start / n);
            using var scope = torch.NewDisposeScope();
            var idx = torch.tensor(perm.AsSpan(start, len).ToArray());
            var xb = x.index_select(0, idx);
            var yb = y.index_select(0, idx);
            optimizer.ZeroGrad();
            var prediction = net.call(xb);
            // TabM predicts [batch, k] in training: each member is fitted to the label (the mean of the members'
            // losses); the other networks' [batch, 1] is unchanged.
            if (!prediction.shape.SequenceEqual(yb.shape)) yb = yb.expand_as(prediction);
            var loss = lossKind == NeuralLoss.Huber ? nn.functional.huber_loss(prediction, yb, delta: 1.0) : nn.functional.mse_loss(prediction, yb);
            loss.backward();
            if (clip > 0) nn.utils.clip_grad_norm_(net.parameters(), clip);
            optimizer.Step();
            sum += loss.item<float>() * len;
        }
        return sum / n;
    }

    /// <summary>Share of the time a fit is given that one epoch and its validation pass may take (see <see cref="NeuralTrainingOptions.TimeAvailableSeconds"/>).</summary>
    internal const double EpochShareOfTime = 0.25;

    /// <summary>
    /// The rows an epoch may train on so that it and the validation pass over <paramref name="validationRows"/> take at
    /// most <see cref="EpochShareOfTime"/> of <paramref name="seconds"/>: one batch's forward and backward pass is timed, warm
    /// (in evaluation mode, so that neither batch-norm statistics nor dropout's random draws change, its gradients then
    /// cleared), a validation row counted at a third of a training row. At least two batches, at most <paramref name="epochRows"/>.
    /// </summary>
    private static int EpochRowsWithin(Sequential net, Tensor x, Tensor y, int batch, long validationRows, double seconds, int epochRows)
    {
        net.eval();
        var perRow = WarmSeconds(() =>
        {
            var prediction = net.call(x.narrow(0, 0, batch));
            nn.functional.mse_loss(prediction, y.narrow(0, 0, batch).expand_as(prediction)).backward();
        }) / batch;
        net.zero_grad();
        net.train();
        var rows = (EpochShareOfTime * seconds - validationRows * perRow / 3) / perRow;
        return rows >= epochRows ? epochRows : Math.Max(2 * batch, (int)(rows / batch) * batch);
    }

    /// <summary>Most of a fit's time that scoring its caller's rows may take; above it the fit is refused (see <see cref="NeuralTrainingOptions.RowsScoredAfterFit"/>).</summary>
    internal const double ScoringShareOfTime = 0.5;

    /// <summary>Seconds a row's forward pass takes, timed warm on one block of <paramref name="x"/>.</summary>
    private static double ForwardSecondsPerRow(Sequential net, Tensor x, int blockRows)
    {
        var rows = Math.Min(blockRows, x.shape[0]);
        net.eval();
        using var noGrad = torch.no_grad();
        var perRow = WarmSeconds(() => net.call(x.narrow(0, 0, rows))) / rows;
        net.train();
        return perRow;
    }

    /// <summary>
    /// Seconds <paramref name="pass"/> takes, run twice and the second timed: the first also pays for allocations and
    /// lazy initialisation. Its tensors are freed after each run.
    /// </summary>
    private static double WarmSeconds(Action pass)
    {
        double Run()
        {
            var clock = Stopwatch.StartNew();
            using var scope = torch.NewDisposeScope();
            pass();
            return clock.Elapsed.TotalSeconds;
        }
        Run();
        return Run();
    }

    // In blocks: the whole validation split at once held every layer's activations for 100k+ rows (3 GB for a wide
    // RealMLP at 1M rows), a spike at each epoch's end. Wide networks take fewer rows a block (see ForwardBlocks).
    private const int EvaluationRows = 4096;

    private static double Evaluate(Sequential net, Tensor x, Tensor y, int blockRows)
    {
        net.eval();
        using var noGrad = torch.no_grad();
        var rows = x.shape[0];
        double sum = 0;
        for (long start = 0; start < rows; start += blockRows)
        {
            using var scope = torch.NewDisposeScope();
            var length = Math.Min(blockRows, rows - start);
            sum += nn.functional.mse_loss(net.call(x.narrow(0, start, length)), y.narrow(0, start, length), nn.Reduction.Sum).item<float>();
        }
        return sum / rows;
    }

    private static List<Tensor> Snapshot(Sequential net)
    {
        using var noGrad = torch.no_grad();
        return net.state_dict().Values.Select(t => t.detach().clone()).ToList();
    }

    private static void Restore(Sequential net, List<Tensor> saved)
    {
        using var noGrad = torch.no_grad();
        var current = net.state_dict().Values.ToList();
        for (int i = 0; i < current.Count; i++) current[i].copy_(saved[i]);
    }

    private static void DisposeAll(List<Tensor> tensors)
    {
        foreach (var t in tensors) t.Dispose();
    }
}
