namespace MlPipeline.Runtime;

/// <summary>One field of one record as it arrived: absent, null, text (a CSV cell), or an already typed value.</summary>
internal readonly record struct Cell(CellKind Kind, string? Text = null, double Number = 0, bool Flag = false, DateTime Date = default)
{
    public static readonly Cell Absent = new(CellKind.Absent);
    public static readonly Cell Null = new(CellKind.Null);

    public static Cell OfText(string? text) => text is null ? Null : new(CellKind.Text, text);

    /// <summary>The value as the error message shows it.</summary>
    public string? Shown => Kind switch
    {
        CellKind.Text or CellKind.Number or CellKind.Compound => Text,
        CellKind.Boolean => Flag ? "true" : "false",
        CellKind.Date => Date.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}

/// <summary>How a <see cref="Cell"/> arrived.</summary>
internal enum CellKind
{
    Absent,
    Null,
    Text,
    Number,
    Boolean,
    Date,

    /// <summary>A JSON object or array where one value belongs.</summary>
    Compound,
}
