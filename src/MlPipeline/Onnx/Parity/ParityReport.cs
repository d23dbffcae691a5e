namespace MlPipeline.Onnx.Parity;

/// <summary>How closely ONNX Runtime reproduced ML.NET's predictions on held-out rows.</summary>
/// <param name="Rows">Rows compared.</param>
/// <param name="MaxAbsoluteError">Largest |ONNX − ML.NET|; infinite when one side gave NaN and the other a number.</param>
/// <param name="MaxRelativeError">Largest absolute error divided by the label scale.</param>
/// <param name="LabelScale">The training labels' range (max − min), the yardstick of the tolerance.</param>
/// <param name="Tolerance">Largest allowed relative error (1e-5 of the label scale).</param>
public sealed record ParityReport(int Rows, double MaxAbsoluteError, double MaxRelativeError, double LabelScale, double Tolerance)
{
    /// <summary>Rows where exactly one of ONNX Runtime and ML.NET predicted NaN: each fails the check.</summary>
    public int NanMismatches { get; init; }

    /// <summary>Whether every row was within tolerance (NaN on both sides agrees; NaN on one side never does).</summary>
    public bool Passed => NanMismatches == 0 && MaxRelativeError <= Tolerance;

    /// <summary>Compares <paramref name="expected"/> (ML.NET) with <paramref name="actual"/> (ONNX Runtime) row by row.</summary>
    internal static ParityReport Compare(IReadOnlyList<float> expected, IReadOnlyList<float> actual, double labelScale, double tolerance)
    {
        if (expected.Count != actual.Count) throw new ArgumentException($"{expected.Count} ML.NET scores but {actual.Count} ONNX scores");
        double maxAbs = 0;
        var mismatches = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            bool e = float.IsNaN(expected[i]), a = float.IsNaN(actual[i]);
            // Equal infinities (an overflowing log link) agree, as NaNs do; their difference would be NaN.
            if ((e && a) || expected[i] == actual[i]) continue;
            if (e != a)
            {
                mismatches++;
                maxAbs = double.PositiveInfinity;
                continue;
            }
            maxAbs = Math.Max(maxAbs, Math.Abs((double)expected[i] - actual[i]));
        }
        return new ParityReport(expected.Count, maxAbs, maxAbs / labelScale, labelScale, tolerance) { NanMismatches = mismatches };
    }

    /// <summary>The verdict over several outputs of the same rows: the largest error and every NaN mismatch.</summary>
    internal static ParityReport Worst(params ParityReport[] outputs)
    {
        var worst = outputs.MaxBy(o => o.MaxAbsoluteError)!;
        return worst with { NanMismatches = outputs.Sum(o => o.NanMismatches) };
    }

    /// <summary>
    /// The yardstick of the tolerance from the training labels' range: max − min, or max(|label|, 1) when every
    /// training label is the same (a constant label has no range).
    /// </summary>
    internal static double Scale(double min, double max) => max - min is var range && range > 0 ? range : Math.Max(Math.Abs(max), 1);

    /// <summary>One line saying why the check failed, with the measured error.</summary>
    internal string Describe() => NanMismatches > 0
        ? $"ONNX Runtime and ML.NET disagree on NaN on {NanMismatches} of {Rows} rows (one gave NaN, the other a number)"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"ONNX Runtime differs from ML.NET by {MaxAbsoluteError:G4} ({MaxRelativeError:E2} of the training label range, tolerance {Tolerance:E0}) on {Rows} rows");
}
