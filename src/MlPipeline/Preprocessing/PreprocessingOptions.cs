namespace MlPipeline.Preprocessing;

/// <summary>Choices for the preprocessing chain; the sweep may tune them.</summary>
public sealed record PreprocessingOptions
{
    /// <summary>Feature scaling; default mean/variance.</summary>
    public ScalerKind Scaler { get; init; } = ScalerKind.MeanVariance;

    /// <summary>Missing numeric replacement; default the training mean.</summary>
    public ImputationKind Imputation { get; init; } = ImputationKind.Mean;

    /// <summary>
    /// Categories kept per categorical column, most frequent first; rarer ones, missing and unseen values share
    /// the all-zero "other" code. Default 32.
    /// </summary>
    public int MaxCategories { get; init; } = 32;

    /// <summary>
    /// Beyond <see cref="MaxCategories"/>, a category is still kept when it has at least this many training rows (up to
    /// <see cref="MostCategoriesKept"/> per column): with that much support its effect is estimated to a few per cent of
    /// the noise, and folding it into "other" loses it (a 200-level column of a million rows). Default 1,000, which
    /// keeps no extra category on any of the shared or development datasets.
    /// </summary>
    public int MinCategoryRows { get; init; } = 1000;

    /// <summary>Most categories one column keeps, however many rows support them.</summary>
    public const int MostCategoriesKept = 256;

    /// <summary>Whether training rows whose label is an outlier are dropped (test rows never are).</summary>
    public bool DropLabelOutliers { get; init; }

    /// <summary>The choices in a few words, e.g. "minmax, impute mean, top 32 categories".</summary>
    public string Describe() =>
        $"{Scaler.ToString().ToLowerInvariant()}, impute {Imputation.ToString().ToLowerInvariant()}, top {MaxCategories} categories";
}
