namespace MlPipeline.Onnx.Converters;

/// <summary>
/// Moves ML.NET's test "slot ≤ t, NaN right" onto the slot's <see cref="SlotOrigin.Source"/>. For a number the slot is
/// a non-decreasing float function of the source, so {x : slot(x) ≤ t} is {x ≤ t'} with t' the largest float that
/// still goes left, found by bisection over the floats in order (exact, not an algebraic inverse that could round the
/// other way); a NaN goes where its replacement would. For a missing flag or a one-hot slot the two values 0 and 1 are
/// tested and the split becomes an is-NaN or equals-slot test.
/// </summary>
internal static class TreeSplitFolding
{
    private const int PositiveInfinityKey = 0x7F800000;

    /// <summary>The test on <paramref name="origin"/>'s source equal to ML.NET's test of the slot against <paramref name="threshold"/>.</summary>
    public static TreeSplit Fold(SlotOrigin origin, float threshold)
    {
        bool Left(float slot) => slot <= threshold;
        switch (origin.Kind)
        {
            case SlotOriginKind.MissingIndicator:
                return (Left(origin.ApplyAffine(0)), Left(origin.ApplyAffine(1))) switch
                {
                    (true, true) => new("BRANCH_LEQ", float.PositiveInfinity, true),
                    (true, false) => new("BRANCH_LEQ", float.PositiveInfinity, false),
                    (false, true) => new("BRANCH_GT", float.PositiveInfinity, true),
                    _ => new("BRANCH_LT", float.NegativeInfinity, false),
                };
            case SlotOriginKind.OneHot:
                return (Left(origin.ApplyAffine(0)), Left(origin.ApplyAffine(1))) switch
                {
                    (true, true) => new("BRANCH_LEQ", float.PositiveInfinity, false),
                    (true, false) => new("BRANCH_NEQ", origin.Category, false),
                    (false, true) => new("BRANCH_EQ", origin.Category, false),
                    _ => new("BRANCH_LT", float.NegativeInfinity, false),
                };
            default:
                var missingLeft = origin.Replacement is { } r && Left(origin.Apply(r));
                if (!Left(origin.Apply(float.NegativeInfinity))) return new("BRANCH_LT", float.NegativeInfinity, missingLeft);
                if (Left(origin.Apply(float.PositiveInfinity))) return new("BRANCH_LEQ", float.PositiveInfinity, missingLeft);
                long low = -PositiveInfinityKey, high = PositiveInfinityKey; // Left(low) holds, Left(high) does not.
                while (high - low > 1)
                {
                    var middle = low + (high - low) / 2;
                    if (Left(origin.Apply(FromKey(middle)))) low = middle;
                    else high = middle;
                }
                return new("BRANCH_LEQ", FromKey(low), missingLeft);
        }
    }

    /// <summary>The float at position <paramref name="key"/> in the order of non-NaN floats (0 is ±0, ±0x7F800000 is ±∞).</summary>
    private static float FromKey(long key) =>
        key >= 0 ? BitConverter.Int32BitsToSingle((int)key) : BitConverter.Int32BitsToSingle((int)-key | int.MinValue);
}
