namespace MlPipeline.Runtime;

/// <summary>One field a record must carry to be scored: a column of the training CSV that the model uses.</summary>
/// <param name="Name">The field's name: the CSV header, JSON property or dictionary key.</param>
/// <param name="Kind">What the field holds.</param>
/// <param name="Inputs">The ONNX inputs the field feeds (several for a date: one per part).</param>
public sealed record ModelField(string Name, FieldKind Kind, IReadOnlyList<string> Inputs)
{
    /// <summary>For a <see cref="FieldKind.Date"/> field, the parts the model takes (Year, Month, Day, DayOfWeek, Hour).</summary>
    public IReadOnlyList<string> DateParts { get; init; } = [];

    /// <summary>Smallest value seen in training, for a number; null when unknown.</summary>
    public double? Min { get; init; }

    /// <summary>Largest value seen in training, for a number; null when unknown.</summary>
    public double? Max { get; init; }

    /// <summary>
    /// Whether training read stray non-numbers in this number column as missing values (the column was numeric by
    /// majority); such cells are then missing here too instead of an error.
    /// </summary>
    public bool StrayTextIsMissing { get; init; }
}
