using System.Globalization;
using MlPipeline.Shared;

namespace MlPipeline.Runtime;

/// <summary>
/// One field and the ONNX inputs it feeds: turns the field's <see cref="Cell"/> of a record into the inputs' values
/// (float32 or string, as the session declares each input), or a <see cref="RecordValidationException"/>.
/// </summary>
internal sealed class FieldBinding(ModelField modelField, IReadOnlyList<FieldBinding.Target> targets, ModelSchema schema, bool unparsableIsMissing)
{
    private readonly CultureInfo _culture = CultureInfo.GetCultureInfo(schema.CultureName);
    private readonly bool _strayIsMissing = unparsableIsMissing || modelField.StrayTextIsMissing;
    private readonly Target[] _targets = [.. targets];
    private readonly bool _plainDecimals = CultureInfo.GetCultureInfo(schema.CultureName).NumberFormat is
        { NumberDecimalSeparator: ".", NegativeSign: "-", PositiveSign: "+" };
    private readonly string[] _markers = [.. schema.MissingMarkers];
    private readonly int _longestMarker = schema.MissingMarkers.Select(m => m.Length).DefaultIfEmpty(0).Max();

    /// <summary>An input this field writes: its position in the batch, whether it takes strings, and the date part.</summary>
    public sealed record Target(int Input, bool IsString, string? DatePart);

    public ModelField Field => modelField;

    public IReadOnlyList<Target> Targets => targets;

    public void Write(Cell cell, Array[] columns, int row, int record, long? line)
    {
        if (cell.Kind == CellKind.Absent) throw new RecordValidationException("required field is missing", record, line, modelField.Name);
        if (cell.Kind == CellKind.Compound) throw Bad("not a single value (a JSON object or array)", cell, record, line);
        var missing = cell.Kind == CellKind.Null || (cell.Kind == CellKind.Text && IsMissing(cell.Text!));
        switch (modelField.Kind)
        {
            case FieldKind.Category:
                Set(columns, row, float.NaN, missing ? "" : cell.Kind switch
                {
                    CellKind.Text or CellKind.Number => cell.Text!.Trim(),
                    CellKind.Boolean => cell.Flag ? "true" : "false",
                    _ => cell.Date.ToString(_culture),
                });
                break;
            case FieldKind.Boolean:
                if (missing) { Set(columns, row, float.NaN, ""); break; }
                var flag = ParseBoolean(cell) ?? throw Bad("not a boolean (true/false, yes/no, y/n, t/f, 1/0)", cell, record, line);
                Set(columns, row, flag ? 1f : 0f, flag ? "true" : "false");
                break;
            case FieldKind.Date:
                DateTime? date = missing ? null : cell.Kind == CellKind.Date ? cell.Date
                    : cell.Kind == CellKind.Text && CellFormat.TryParseDate(cell.Text!, _culture, out var parsed) ? parsed
                    : throw Bad("not a date", cell, record, line);
                foreach (var target in _targets)
                {
                    ((float[])columns[target.Input])[row] = date is { } d ? CellFormat.DatePart(d, target.DatePart!) : float.NaN;
                }
                break;
            default:
                var number = missing ? float.NaN : ParseNumber(cell, record, line);
                Set(columns, row, number, missing ? "" : cell.Text ?? number.ToString("R", CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>
    /// <see cref="ModelSchema.IsMissing"/>, first ruling out by length, as most cells are longer than any marker: on
    /// single records this check cost more than parsing the numbers.
    /// </summary>
    private bool IsMissing(string cell)
    {
        var trimmed = cell.AsSpan().Trim();
        if (trimmed.Length > _longestMarker) return false;
        foreach (var marker in _markers)
        {
            if (trimmed.Equals(marker, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private void Set(Array[] columns, int row, float number, string text)
    {
        foreach (var target in _targets)
        {
            if (target.IsString) ((string[])columns[target.Input])[row] = text;
            else ((float[])columns[target.Input])[row] = number;
        }
    }

    private float ParseNumber(Cell cell, int record, long? line)
    {
        switch (cell.Kind)
        {
            case CellKind.Number:
                return Math.Abs(cell.Number) <= float.MaxValue ? (float)cell.Number : throw Bad("number beyond float32", cell, record, line);
            case CellKind.Text:
                if (_plainDecimals && PlainDecimal.TryParse(cell.Text, out var plain)) return (float)plain;
                if (CellFormat.TryParseNumber(cell.Text, _culture, out var value))
                {
                    return (float)value;
                }
                return _strayIsMissing ? float.NaN : throw Bad("not a number", cell, record, line);
            default:
                return _strayIsMissing ? float.NaN : throw Bad("not a number", cell, record, line);
        }
    }

    private static bool? ParseBoolean(Cell cell) => cell.Kind switch
    {
        CellKind.Boolean => cell.Flag,
        CellKind.Number => cell.Number == 1 ? true : cell.Number == 0 ? false : null,
        CellKind.Text => CellFormat.TryParseBoolean(cell.Text!, out var flag) ? flag : null,
        _ => null,
    };

    private RecordValidationException Bad(string reason, Cell cell, int record, long? line) => new(reason, record, line, modelField.Name, cell.Shown);
}
