using System.Collections.Immutable;
using System.Text.Json;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Tuning;

namespace MlPipeline.Experiment;

/// <summary>Turns a study's trials (this run's and earlier runs') into leaderboard entries, best validation RMSE first.</summary>
internal static class StudyLeaderboard
{
    public static ImmutableArray<LeaderboardEntry> Build(IEnumerable<FrozenTrial> trials, TrainerRegistry registry, PreprocessingOptions baseline) =>
        [.. trials
            .Where(t => t.State != TrialState.Running && t.Params.ContainsKey(TrialSuggester.TrainerParameter))
            .Select(t => Entry(t, registry, baseline))
            .OrderBy(e => e.Status)
            .ThenBy(e => e.Validation?.Rmse ?? double.MaxValue)
            .ThenBy(e => e.Number)];

    private static LeaderboardEntry Entry(FrozenTrial trial, TrainerRegistry registry, PreprocessingOptions baseline)
    {
        var name = (string)trial.Params[TrialSuggester.TrainerParameter];
        var candidate = registry.All.FirstOrDefault(c => c.Name == name);
        var family = candidate?.Family ?? TrainerFamily.NonLinear;
        var hyperParameters = TrialSuggester.Extract(name, trial.Params);
        var metrics = trial.UserAttributes.TryGetValue(TrialObjective.MetricsAttribute, out var json)
            ? JsonSerializer.Deserialize<TrialObjective.TrialMetrics>(json, JsonDefaults.Options)
            : null;
        var status = trial.State switch
        {
            TrialState.Complete when metrics is not null => TrialStatus.Completed,
            TrialState.Pruned => TrialStatus.Pruned,
            _ => TrialStatus.Failed,
        };
        var seconds = metrics?.TrainSeconds ?? trial.Duration?.TotalSeconds ?? 0;
        return new LeaderboardEntry(name, family, hyperParameters, status,
            status == TrialStatus.Completed ? metrics!.Validation : null,
            status == TrialStatus.Completed ? metrics!.Test : null,
            seconds, status == TrialStatus.Completed ? metrics!.Note : trial.FailReason)
        {
            Number = trial.Number,
            Preprocessing = PreprocessingSearch.Extract(trial.Params, baseline, candidate is null ? ScalerChoices.Any : PreprocessingSearch.ScalersFor(candidate)),
            Iterations = status == TrialStatus.Completed ? metrics!.Iterations : null,
        };
    }
}
