using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Onnx.Inputs;

namespace MlPipeline.Onnx.Parity;

/// <summary>
/// What parity feeds ONNX Runtime: the held-out rows as raw cells, each boolean in a rotating spelling of the
/// loader's words and casings and each missing one as an empty cell, a missing marker or an unknown word, booleans and
/// categories with rotating surrounding spaces; and
/// probe rows of missing values, unknown boolean words and unseen categories, with the cells ML.NET loads for them.
/// </summary>
internal static class ParityRows
{
    /// <summary>A boolean cell no reader accepts: the graph must read it as missing.</summary>
    internal const string UnknownWord = "maybe";

    /// <summary>A category no training data has (a control character starts it).</summary>
    internal const string UnseenCategory = "\u0001unseen";

    /// <summary>Rewrites the boolean inputs of <paramref name="cells"/> (read from <paramref name="rows"/>) in rotating spellings.</summary>
    public static Dictionary<string, Array> Spelled(Dictionary<string, Array> cells, IReadOnlyList<OnnxInput> inputs, IDataView rows, CsvFormat format)
    {
        string[] missing = ["", Marker(format), UnknownWord];
        foreach (var input in inputs.Where(i => i.Kind == OnnxInputKind.Boolean))
        {
            cells[input.Name] = rows.GetColumn<float>(input.Name)
                .Select((v, i) => Pad(float.IsNaN(v) ? missing[i % missing.Length] : RawInputs.BooleanCell(v, i), i)).ToArray();
        }
        foreach (var input in inputs.Where(i => i.Kind == OnnxInputKind.Category))
        {
            cells[input.Name] = ((string[])cells[input.Name]).Select(Pad).ToArray();
        }
        return cells;
    }

    /// <summary>
    /// Three probe rows: every input missing (empty cells), unknown boolean words and unseen categories, and missing
    /// markers; <c>Loaded</c> is what ML.NET sees for them, <c>Cells</c> what ONNX Runtime is fed.
    /// </summary>
    public static (IDataView Loaded, Dictionary<string, Array> Cells) Probes(IReadOnlyList<OnnxInput> inputs, CsvFormat format)
    {
        var marker = Marker(format);
        var loaded = new Dictionary<string, Array>();
        var cells = new Dictionary<string, Array>();
        foreach (var input in inputs)
        {
            switch (input.Kind)
            {
                case OnnxInputKind.Boolean:
                    loaded[input.Name] = new[] { float.NaN, float.NaN, float.NaN };
                    cells[input.Name] = new[] { "", UnknownWord, marker };
                    break;
                case OnnxInputKind.Category:
                    loaded[input.Name] = new[] { "", UnseenCategory, "" };
                    cells[input.Name] = new[] { "", UnseenCategory, marker };
                    break;
                default:
                    loaded[input.Name] = cells[input.Name] = new[] { float.NaN, float.NaN, float.NaN };
                    break;
            }
        }
        return (InMemoryTable.FromColumns(loaded), cells);
    }

    /// <summary>The cell of row <paramref name="row"/> with the spaces a reader would trim, up to <see cref="RawInputs.MaxPadding"/> either side.</summary>
    private static string Pad(string cell, int row) =>
        new string(' ', row % (RawInputs.MaxPadding + 1)) + cell + new string(' ', row / (RawInputs.MaxPadding + 1) % (RawInputs.MaxPadding + 1));

    /// <summary>The format's first non-empty missing marker (the loader reads it as missing), or empty.</summary>
    private static string Marker(CsvFormat format) => format.MissingMarkers.FirstOrDefault(m => m.Trim().Length > 0) ?? "";
}
