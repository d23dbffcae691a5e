using System.Globalization;
using System.Security.Cryptography;
using MlPipeline.Data;
using MlPipeline.Tuning;

namespace MlPipeline.Experiment;

/// <summary>
/// What a study's trial values depend on: the data, the label and the options that change a trial's result. The
/// first run stores it as study user attributes; a later run or worker whose fingerprint differs is refused, since
/// its trials would not be comparable with the stored ones.
/// </summary>
internal static class StudyFingerprint
{
    private const string Prefix = "fingerprint.";

    /// <summary>One part of the fingerprint: the attribute key, the option property it comes from, and its value.</summary>
    internal sealed record Part(string Key, string Property, string Value);

    /// <summary>The fingerprint of a run.</summary>
    public static IReadOnlyList<Part> Of(ExperimentOptions options, IEnumerable<string> trainers)
    {
        static string Option(string property) => $"{nameof(ExperimentOptions)}.{property}";
        var split = string.Create(CultureInfo.InvariantCulture,
            $"test fraction {options.TestFraction}, folds {options.CrossValidationFolds?.ToString(CultureInfo.InvariantCulture) ?? "auto"}, validation fraction {options.ValidationFraction}, seed {options.Seed}");
        var format = $"delimiter '{options.Format.Delimiter ?? "auto"}', culture '{options.Format.CultureName}', missing markers [{string.Join("|", options.Format.MissingMarkers)}]";
        var overrides = $"ignore [{string.Join(",", options.Overrides.Ignore)}], categorical [{string.Join(",", options.Overrides.Categorical)}], numeric [{string.Join(",", options.Overrides.Numeric)}]";
        var preprocessing = $"{options.Preprocessing.Describe()}, drop label outliers {options.Preprocessing.DropLabelOutliers}";
        return
        [
            new("label", Option(nameof(ExperimentOptions.Label)), options.Label ?? ""),
            new("data", Option(nameof(ExperimentOptions.DataPath)), Hash(options.DataPath)),
            new("test-data", Option(nameof(ExperimentOptions.TestDataPath)), options.TestDataPath is null ? "none" : Hash(options.TestDataPath)),
            new("trainers", Option(nameof(ExperimentOptions.Trainers)), string.Join(",", trainers.Order(StringComparer.Ordinal))),
            new("split", $"{Option(nameof(ExperimentOptions.TestFraction))}/{nameof(ExperimentOptions.CrossValidationFolds)}/{nameof(ExperimentOptions.ValidationFraction)}/{nameof(ExperimentOptions.Seed)}", split),
            new("format", Option(nameof(ExperimentOptions.Format)), format),
            new("overrides", Option(nameof(ExperimentOptions.Overrides)), overrides),
            new("preprocessing", Option(nameof(ExperimentOptions.Preprocessing)), preprocessing),
        ];
    }

    /// <summary>
    /// Stores the fingerprint in a study that has none (a new study, or one from before fingerprints), else checks it:
    /// throws <see cref="DataValidationException"/> with one line naming the first part that differs.
    /// </summary>
    public static void StoreOrCheck(Study study, IReadOnlyList<Part> parts)
    {
        var stored = study.UserAttributes;
        foreach (var part in parts)
        {
            if (!stored.TryGetValue(Prefix + part.Key, out var was))
            {
                study.SetUserAttribute(Prefix + part.Key, part.Value);
                continue;
            }

            if (was == part.Value) continue;
            throw new DataValidationException(part.Key switch
            {
                "label" => $"study '{study.Name}' was created for label '{was}', this run predicts '{part.Value}' ({part.Property})",
                "data" => $"study '{study.Name}' was created for other data (SHA-256 {Short(was)}), this run's {part.Property} has SHA-256 {Short(part.Value)}",
                _ => $"study '{study.Name}' was created with {part.Property} {was}, this run has {part.Value}",
            });
        }
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private static string Hash(string? path)
    {
        if (path is null) return "none";
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
