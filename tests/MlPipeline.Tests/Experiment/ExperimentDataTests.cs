using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Experiment;

/// <summary>The featurized folds the sweep's preprocessing variants share, and what they may hold at once.</summary>
public sealed class ExperimentDataTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ExperimentData Prepare() => SyntheticExperimentData.Prepare(_dir);

    [Fact]
    public void Variants_Share_Their_Folds_While_They_Fit_In_The_Cache()
    {
        var data = Prepare();
        var zero = data.Baseline with { Imputation = ImputationKind.Zero };
        var capped = data.Baseline with { MaxCategories = 2 };

        var first = data.FoldsFor(zero);
        data.FoldsFor(capped);

        Assert.Same(first, data.FoldsFor(zero));
        Assert.Same(data.Folds, data.FoldsFor(data.Baseline));
    }

    [Fact]
    public void Past_The_Cache_Size_The_Least_Recently_Used_Variant_Is_Dropped_And_Rebuilt_When_Asked_Again()
    {
        // Given: room for one variant's folds (400 rows of a few dozen slots: a few tens of kilobytes each)
        var data = Prepare();
        data.VariantCacheBytes = 1;
        var zero = data.Baseline with { Imputation = ImputationKind.Zero };
        var capped = data.Baseline with { MaxCategories = 2 };

        // When
        var first = data.FoldsFor(zero);
        var last = data.FoldsFor(capped);

        // Then: the last variant and the user's own preprocessing stay; the earlier variant is featurized anew, equal
        Assert.Same(last, data.FoldsFor(capped));
        Assert.Same(data.Folds, data.FoldsFor(data.Baseline));
        var again = data.FoldsFor(zero);
        Assert.NotSame(first, again);
        Assert.Equal(first[0].ValidationLabels, again[0].ValidationLabels);
        Assert.Equal(first[0].Plan.FeatureCount, again[0].Plan.FeatureCount);
    }
}
