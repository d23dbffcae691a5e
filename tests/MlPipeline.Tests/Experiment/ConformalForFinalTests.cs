using System.Collections.Immutable;
using MlPipeline.Evaluation;
using MlPipeline.Experiment;
using MlPipeline.Experiment.Ensembling;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Experiment;

/// <summary>Which out-of-fold predictions the final model's interval is calibrated on: the winner's own, an ensemble's weighted.</summary>
public sealed class ConformalForFinalTests
{
    // Ten validation rows, label 0; trial 1 predicts +i, trial 2 predicts −i: alone each has residuals 1..10, weighted 3:1 residuals i/2.
    private static readonly float[] s_labels = new float[10];

    private static TrialObjective.TrialOutcome Outcome(int number, int sign)
    {
        var quality = new RegressionQuality(1, 1, 0, null, 10);
        var entry = new LeaderboardEntry("ridge", TrainerFamily.Linear, HyperParameters.Empty, TrialStatus.Completed, quality, quality, 0.1) { Number = number };
        return new TrialObjective.TrialOutcome(entry, [.. Enumerable.Range(1, 10).Select(i => (float)(sign * i))], null, []);
    }

    private static readonly Dictionary<int, TrialObjective.TrialOutcome> s_outcomes = new() { [1] = Outcome(1, 1), [2] = Outcome(2, -1) };

    [Fact]
    public void A_Single_Winner_Is_Calibrated_On_Its_Own_Predictions_Exact_Only_Under_A_Hold_Out_Without_Refit()
    {
        // When
        var (held, _) = ConformalCalibration.ForFinal(s_outcomes, s_labels, s_outcomes[2].Entry, null, folds: 1, refit: false, level: 0.5);
        var (refit, _) = ConformalCalibration.ForFinal(s_outcomes, s_labels, s_outcomes[2].Entry, null, folds: 1, refit: true, level: 0.5);
        var (cv, _) = ConformalCalibration.ForFinal(s_outcomes, s_labels, s_outcomes[2].Entry, null, folds: 5, refit: false, level: 0.5);

        // Then: ⌈0.5 × 11⌉ = 6th smallest of 1..10
        Assert.Equal(6f, held!.HalfWidth);
        Assert.True(held.Exact);
        Assert.Equal(PredictionInterval.SplitConformal, held.Method);
        Assert.False(refit!.Exact);
        Assert.False(cv!.Exact);
        Assert.Equal(PredictionInterval.CrossValidation, cv.Method);
    }

    [Fact]
    public void A_Choice_Among_Trials_Is_Calibrated_On_Its_Held_Out_Predictions_Ensemble_Or_Single()
    {
        // Given: held-out predictions of the selection, whose residuals are 2i (ensemble) and 3i (single)
        var ensemble = new EnsembleReport([new EnsembleCandidate("ridge", 1, 1, 0.75), new EnsembleCandidate("ridge", 2, 1, 0.25)],
            new RegressionQuality(1, 1, 0, null, 10), 1, true, "ensemble of 2 models")
        {
            HeldOutEnsemble = [.. Enumerable.Range(1, 10).Select(i => 2f * i)],
            HeldOutSingle = [.. Enumerable.Range(1, 10).Select(i => 3f * i)],
        };

        // When
        var (kept, note) = ConformalCalibration.ForFinal(s_outcomes, s_labels, s_outcomes[1].Entry, ensemble, folds: 1, refit: false, level: 0.5);
        var (single, _) = ConformalCalibration.ForFinal(s_outcomes, s_labels, s_outcomes[1].Entry, ensemble with { Kept = false }, folds: 1, refit: false, level: 0.5);

        // Then: the 6th smallest of each, and neither is the chosen model's own residuals, so neither is exact
        Assert.Null(note);
        Assert.Equal(12f, kept!.HalfWidth);
        Assert.Equal(18f, single!.HalfWidth);
        Assert.False(kept.Exact);
        Assert.False(single.Exact);
    }

    [Fact]
    public void The_Best_Of_Many_Equal_Trials_Gets_A_Wider_Interval_From_Its_Held_Out_Choice_Than_From_Its_Own_Residuals()
    {
        // Given: 30 trials of equal skill (each label plus its own unit noise); the best on these rows is best by luck
        var random = new Random(11);
        var labels = Enumerable.Range(0, 120).Select(_ => (float)(random.NextDouble() * 10)).ToArray();
        float[][] trials = [.. Enumerable.Range(0, 30).Select(_ => labels.Select(y => y + (float)Noise(random)).ToArray())];
        var best = Enumerable.Range(0, trials.Length).MinBy(t => RegressionQuality.Compute(labels, trials[t]).Rmse);
        var (_, heldSingle) = EnsembleSelection.CrossFittedPredictions(trials, labels);

        // When
        var own = ConformalCalibration.Calibrate(labels, trials[best], 0.9, PredictionInterval.CrossValidation, exact: false)!;
        var held = ConformalCalibration.Calibrate(labels, heldSingle, 0.9, PredictionInterval.CrossValidation, exact: false)!;

        // Then: the true 90 % half-width of unit normal noise is 1.645; the lucky winner's own residuals understate it
        Assert.True(held.HalfWidth > own.HalfWidth, $"held-out {held.HalfWidth:F3} vs own {own.HalfWidth:F3}");
    }

    private static double Noise(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void A_Winner_From_An_Earlier_Run_Or_Too_Few_Rows_Give_A_Note_Instead()
    {
        // Given
        var earlier = s_outcomes[1].Entry with { Number = 7 };

        // When
        var (none, why) = ConformalCalibration.ForFinal(s_outcomes, s_labels, earlier, null, folds: 1, refit: true, level: 0.9);
        var (few, tooFew) = ConformalCalibration.ForFinal(s_outcomes, s_labels, s_outcomes[1].Entry, null, folds: 1, refit: true, level: 0.95);

        // Then
        Assert.Null(none);
        Assert.Contains("trial #7, ran in an earlier run", why);
        Assert.Null(few);
        Assert.Equal("no prediction interval: 10 validation rows are too few for level 0.95 (at least 19 needed)", tooFew);
    }
}
