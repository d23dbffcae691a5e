using System.Collections.Immutable;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// What one slot of a converted column is in terms of a width-1 ONNX value: a number (maybe with its NaN replaced), a
/// missing flag or a one-hot slot, then affine steps (x − offset) × scale in float as ML.NET applies them. A tree can
/// split on the source directly: every step is monotone, so it moves a threshold and does not change the split.
/// </summary>
/// <param name="Source">The ONNX value, width 1 unless <see cref="SourceSlot"/> says which slot.</param>
/// <param name="Kind">How the slot derives from it before the affine steps.</param>
/// <param name="Replacement">For <see cref="SlotOriginKind.Value"/>: what a NaN becomes, or null when it stays NaN.</param>
/// <param name="Category">For <see cref="SlotOriginKind.OneHot"/>: the slot number that gives 1.</param>
/// <param name="Affine">The affine steps in order, each with a finite offset and a finite positive scale.</param>
internal sealed record SlotOrigin(string Source, SlotOriginKind Kind, float? Replacement, int Category, ImmutableArray<(float Offset, float Scale)> Affine)
{
    /// <summary>Which slot of <see cref="Source"/> (0 for a width-1 source).</summary>
    public int SourceSlot { get; init; }

    /// <summary>For <see cref="SlotOriginKind.OneHot"/>: the raw string input the category is read from, and the category.</summary>
    public (string Input, string Category)? OneHotOf { get; init; }

    /// <summary>The source's number as it is.</summary>
    public static SlotOrigin Of(string source) => new(source, SlotOriginKind.Value, null, -1, []);

    /// <summary>Whether nothing has happened to the source yet, so a replacement or a missing flag may still be read from it.</summary>
    public bool IsRaw => Kind == SlotOriginKind.Value && Replacement is null && Affine.IsEmpty;

    /// <summary>The slot's value for source value <paramref name="x"/>, in float as ML.NET computes it.</summary>
    public float Apply(float x)
    {
        var value = Kind switch
        {
            SlotOriginKind.MissingIndicator => float.IsNaN(x) ? 1f : 0f,
            SlotOriginKind.OneHot => x == Category ? 1f : 0f,
            _ => float.IsNaN(x) && Replacement is { } r ? r : x,
        };
        return ApplyAffine(value);
    }

    /// <summary>The affine steps alone, applied to <paramref name="value"/>.</summary>
    public float ApplyAffine(float value)
    {
        foreach (var (offset, scale) in Affine) value = offset == 0 ? value * scale : (value - offset) * scale;
        return value;
    }
}
