using MlPipeline.Onnx.Converters;

namespace MlPipeline.Tests.Onnx;

/// <summary>
/// A test moved onto the source value sends every input where ML.NET's test on the transformed slot sends it:
/// thresholds met exactly, the floats next to them, NaN (to where the replaced value goes) and the infinities.
/// </summary>
public sealed class TreeSplitFoldingTests
{
    /// <summary>ML.NET: slot ≤ t goes left, a NaN slot goes right.</summary>
    private static bool MlNetLeft(SlotOrigin origin, float x, float threshold) => origin.Apply(x) <= threshold;

    /// <summary>ONNX Runtime's TreeEnsembleRegressor on the source value, compared in double as the exported node does.</summary>
    private static bool OnnxLeft(TreeSplit split, float x)
    {
        if (float.IsNaN(x)) return split.MissingTracksTrue;
        double v = x, t = split.Threshold;
        return split.Mode switch
        {
            "BRANCH_LEQ" => v <= t,
            "BRANCH_LT" => v < t,
            "BRANCH_GT" => v > t,
            "BRANCH_EQ" => v == t,
            "BRANCH_NEQ" => v != t,
            _ => throw new InvalidOperationException(split.Mode),
        };
    }

    private static IEnumerable<float> Around(float value)
    {
        yield return value;
        var below = value;
        var above = value;
        for (var i = 0; i < 3; i++)
        {
            below = MathF.BitDecrement(below);
            above = MathF.BitIncrement(above);
            yield return below;
            yield return above;
        }
    }

    public static TheoryData<float, float, float?> Affine() => new()
    {
        { 0f, 1f, null },
        { 0f, 0.0137f, 2.5f },
        { 3.3f, 0.7f, null },
        { -120.25f, 1e-4f, -3f },
        { 1e6f, 3.1f, 1e6f },
        { 0.1f, 1e30f, 0f },
    };

    [Theory]
    [MemberData(nameof(Affine))]
    public void Fold_SendsEveryValueTheWayMlNetDoes_When_TheSlotIsScaledAndReplaced(float offset, float scale, float? replacement)
    {
        // Given: a scaled (and imputed) number, and thresholds from ML.NET's range of slot values
        var origin = SlotOrigin.Of("x") with { Replacement = replacement, Affine = [(offset, scale)] };
        var random = new Random(3);
        var thresholds = Enumerable.Range(0, 200).Select(_ => (float)((random.NextDouble() - 0.5) * 8))
            .Concat([0f, -0f, 1f, float.MaxValue, -float.MaxValue, float.PositiveInfinity, float.NegativeInfinity]);
        foreach (var threshold in thresholds)
        {
            // When
            var split = TreeSplitFolding.Fold(origin, threshold);

            // Then: the same way at the moved threshold and next to it, at raw values meeting t after scaling, at NaN and ±∞
            var atT = threshold / scale + offset;
            var inputs = Around(split.Threshold).Concat(Around(atT)).Concat([float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, offset]);
            foreach (var x in inputs)
            {
                Assert.True(MlNetLeft(origin, x, threshold) == OnnxLeft(split, x),
                    $"t={threshold:R} x={x:R}: ML.NET left={MlNetLeft(origin, x, threshold)}, folded {split}");
            }
            if (replacement is { } r) Assert.Equal(MlNetLeft(origin, r, threshold), split.MissingTracksTrue);
        }
    }

    [Fact]
    public void Fold_IsExact_When_ASlotValueMeetsTheThresholdExactly()
    {
        // Given: x = 2 scales to exactly t = (2 − 1) × 0.5 = 0.5, which ML.NET sends left, and the next float right
        var origin = SlotOrigin.Of("x") with { Affine = [(1f, 0.5f)] };

        // When
        var split = TreeSplitFolding.Fold(origin, 0.5f);

        // Then
        Assert.True(OnnxLeft(split, 2f));
        Assert.False(OnnxLeft(split, MathF.BitIncrement(2f)));
        Assert.False(OnnxLeft(split, float.NaN));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fold_SendsEveryValueTheWayMlNetDoes_When_TheSlotIsAFlag(bool oneHot)
    {
        var kind = oneHot ? SlotOriginKind.OneHot : SlotOriginKind.MissingIndicator;
        // Given: a 0/1 slot, scaled or not, tested at thresholds below, between and above its two values
        foreach (var affine in new[] { Array.Empty<(float, float)>(), [(0f, 2.5f)], [(0.3f, 0.01f)] })
        {
            var origin = new SlotOrigin("code", kind, null, 2, [.. affine]);
            foreach (var threshold in new[] { -1f, 0f, 0.004f, 0.5f, 1f, 2.5f, 3f })
            {
                // When
                var split = TreeSplitFolding.Fold(origin, threshold);

                // Then: missing flags read NaN and numbers; slot numbers are −1 (unseen) to a few
                float[] inputs = kind == SlotOriginKind.OneHot ? [-1f, 0f, 1f, 2f, 3f] : [float.NaN, 0f, -5f, 7.5f, float.PositiveInfinity, float.NegativeInfinity];
                foreach (var x in inputs)
                {
                    Assert.True(MlNetLeft(origin, x, threshold) == OnnxLeft(split, x), $"{kind} {string.Join(",", affine)} t={threshold} x={x}: folded {split}");
                }
            }
        }
    }
}
