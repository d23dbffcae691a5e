using System.Collections.Immutable;
using System.Globalization;

namespace MlPipeline.Data;

/// <summary>
/// Infers each column's role by scanning rows of the file (not just the first), streaming: at most
/// <see cref="SampleRows"/> rows are read, so a file larger than memory is never loaded whole.
/// </summary>
public sealed class SchemaInferrer
{
    /// <summary>Distinct values are counted exactly up to this many per column.</summary>
    public const int DistinctCap = 100_000;

    // Messages name the option a library user sets; the CLI maps these names to its flags.
    private const string IgnoreOption = nameof(SchemaOverrides) + "." + nameof(SchemaOverrides.Ignore);
    private const string CategoricalOption = nameof(SchemaOverrides) + "." + nameof(SchemaOverrides.Categorical);
    private const string NumericOption = nameof(SchemaOverrides) + "." + nameof(SchemaOverrides.Numeric);

    /// <summary>Rows read for inference (the rest of the file is only streamed later).</summary>
    public int SampleRows { get; init; } = 200_000;

    /// <summary>Rows with a label needed to split into train, validation and test sets.</summary>
    public int MinUsableRows { get; init; } = 20;

    /// <summary>Infers the schema of <paramref name="path"/> with <paramref name="label"/> as the target.</summary>
    /// <exception cref="DataValidationException">The file or its label is unusable.</exception>
    public DataSchema Infer(string path, string label, CsvFormat? format = null, SchemaOverrides? overrides = null)
    {
        format ??= new CsvFormat();
        overrides ??= SchemaOverrides.None;
        using var reader = CsvRecordReader.Open(path, format);
        var header = reader.Header;
        var labelIndex = IndexOf(header, label)
            ?? throw new DataValidationException(
                $"label column not found; columns are: {string.Join(", ", header.Take(30))}{(header.Count > 30 ? ", …" : "")}",
                path, 1, label);
        CheckOverrideNames(path, header, overrides);

        var culture = format.Culture;
        var profiles = header.Select((name, i) => new ColumnProfile(name, i, DistinctCap)).ToArray();
        long rows = 0;
        var complete = true;
        while (reader.TryRead(out var fields, out var line))
        {
            if (rows == SampleRows)
            {
                complete = false;
                break;
            }
            rows++;
            for (var i = 0; i < fields.Length; i++) profiles[i].Add(fields[i], line, format, culture);
            if (!format.IsMissing(fields[labelIndex]) && !profiles[labelIndex].AllNumeric)
            {
                throw new DataValidationException("label is not a number", path, line, label, fields[labelIndex]);
            }
        }
        if (rows == 0) throw new DataValidationException("has a header but no data rows", path);

        var labelProfile = profiles[labelIndex];
        if (labelProfile.Present == 0) throw new DataValidationException("label column has no values (all missing)", path, column: label);
        if (labelProfile.Present < MinUsableRows)
        {
            throw new DataValidationException(
                $"too few usable rows: {labelProfile.Present} have a label, at least {MinUsableRows} are needed to split train/validation/test", path);
        }

        var columns = AssignLoadedNames(profiles.Select(p => p.Index == labelIndex ? LabelSchema(p) : Decide(p, rows, overrides, path)).ToList());
        if (!columns.Any(c => c.IsFeature))
        {
            throw new DataValidationException("no usable feature column (all columns are ignored, constant or identifiers)", path);
        }
        return new DataSchema(header[labelIndex], format with { Delimiter = reader.Delimiter }, columns)
        {
            RowsScanned = rows,
            ScanComplete = complete,
            RowsWithMissingLabel = labelProfile.Missing,
        };
    }

    private static ColumnSchema LabelSchema(ColumnProfile p) =>
        new(p.Name, p.Index, ColumnRole.Label, p.Missing, p.DistinctCount, "label") { Min = p.Min, Max = p.Max };

    private static ColumnSchema Decide(ColumnProfile p, long rows, SchemaOverrides overrides, string path)
    {
        ColumnSchema Make(ColumnRole role, string reason) => new(p.Name, p.Index, role, p.Missing, p.DistinctCount, reason);

        if (overrides.Ignore.Contains(p.Name)) return Make(ColumnRole.Ignored, $"ignored by {IgnoreOption}");
        if (overrides.Categorical.Contains(p.Name)) return Make(ColumnRole.Categorical, $"set by {CategoricalOption}");
        if (overrides.Numeric.Contains(p.Name))
        {
            if (p.NonNumericExamples is [var bad, ..])
            {
                throw new DataValidationException($"not a number in a column set by {NumericOption}", path, bad.Line, p.Name, bad.Value);
            }
            return Make(ColumnRole.Numeric, $"set by {NumericOption}") with { Min = p.Min, Max = p.Max };
        }
        if (p.Present == 0) return Make(ColumnRole.Ignored, "all values missing");
        if (p.DistinctCount == 1) return Make(ColumnRole.Ignored, "constant");
        var uniquePerRow = !p.DistinctCapped && p.DistinctCount == rows && rows >= 20;
        if (p.AllNumeric)
        {
            var consecutive = p.IntegerValued == p.Present && p.Max - p.Min + 1 == rows;
            return uniquePerRow && consecutive
                ? Make(ColumnRole.Ignored, "identifier-like (unique consecutive integers)")
                : Make(ColumnRole.Numeric, "all values numeric") with { Min = p.Min, Max = p.Max };
        }
        if (p.MostlyNumeric)
        {
            // An id column with a stray token is still an id: its integers fill a range no wider than the rows.
            var span = p.Max - p.Min + 1;
            if (uniquePerRow && p.IntegerValued == p.Numeric && span >= p.Numeric && span <= rows)
            {
                return Make(ColumnRole.Ignored, "identifier-like (unique consecutive integers)");
            }
            return Make(ColumnRole.Numeric, string.Create(CultureInfo.InvariantCulture,
                $"{(double)p.Numeric / p.Present:P1} numeric; {p.NonNumeric} other read as missing")) with
            {
                Min = p.Min,
                Max = p.Max,
                UnparsedCount = p.NonNumeric,
                UnparsedExamples = [.. p.NonNumericExamples],
            };
        }
        if (p.BooleanWords + p.Numeric == p.Present && p.DistinctCount == 2) return Make(ColumnRole.Boolean, "two boolean tokens");
        if (p.Dates == p.Present)
        {
            var parts = p.DatesHaveTime ? CellParser.AllDateParts : CellParser.AllDateParts[..4];
            return Make(ColumnRole.DateTime, "all values are dates") with { DateParts = [.. parts] };
        }
        var meanLength = (double)p.TotalLength / p.Present;
        var meanWords = (double)p.TotalWords / p.Present;
        if (meanLength > 25 && meanWords > 3 && p.DistinctCount > 0.5 * p.Present)
        {
            return Make(ColumnRole.Text, $"free text (not used; {CategoricalOption} to encode its frequent values)");
        }
        if (uniquePerRow) return Make(ColumnRole.Ignored, "identifier-like (unique per row)");
        return Make(ColumnRole.Categorical, $"{p.DistinctCount} distinct strings");
    }

    /// <summary>
    /// Gives every loaded column a name no other loaded column, generated date part or pipeline column has: real columns
    /// keep theirs, a reserved name (<see cref="ColumnNames.IsReserved"/>) gets <see cref="ColumnNames.RenamePrefix"/>,
    /// and a date column whose parts would collide gets a prefix for them that is free.
    /// </summary>
    private static ImmutableArray<ColumnSchema> AssignLoadedNames(List<ColumnSchema> columns)
    {
        static bool Loaded(ColumnSchema c) => c.IsFeature || c.Role == ColumnRole.Label;
        var taken = columns.Where(c => Loaded(c) && c.Role != ColumnRole.DateTime && !ColumnNames.IsReserved(c.Name))
            .Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            if (!Loaded(c)) continue;
            var date = c.Role == ColumnRole.DateTime;
            if (!date) taken.Remove(c.Name); // its own name is no collision
            IEnumerable<string> Names(string prefix) => date ? c.DateParts.Select(p => $"{prefix}_{p}") : [prefix];
            bool Free(string prefix) => Names(prefix).All(n => !ColumnNames.IsReserved(n) && !taken.Contains(n));
            var prefix = c.Name;
            if (!Free(prefix))
            {
                prefix = ColumnNames.RenamePrefix + c.Name;
                for (var k = 2; !Free(prefix); k++) prefix = $"{ColumnNames.RenamePrefix}{c.Name}_{k}";
                var why = date ? "its parts would collide with another column" : $"'{c.Name}' is reserved by the pipeline";
                columns[i] = c = c with { LoadedAs = prefix, Reason = $"{c.Reason}; loaded as {prefix}{(date ? "_<part>" : "")} ({why})" };
            }
            taken.UnionWith(Names(prefix));
        }
        return [.. columns];
    }

    private static int? IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++) if (header[i] == name) return i;
        return null;
    }

    private static void CheckOverrideNames(string path, IReadOnlyList<string> header, SchemaOverrides overrides)
    {
        foreach (var name in overrides.Ignore.Concat(overrides.Categorical).Concat(overrides.Numeric))
        {
            if (IndexOf(header, name) is null) throw new DataValidationException("column named in an override is not in the file", path, 1, name);
        }
    }
}
