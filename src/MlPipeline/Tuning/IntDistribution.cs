using System.Globalization;
using System.Text.Json.Nodes;

namespace MlPipeline.Tuning;

/// <summary>An integer range with a step, optionally log-scaled.</summary>
/// <param name="Low">Inclusive lower bound.</param>
/// <param name="High">Inclusive upper bound (rounded down onto the step grid).</param>
/// <param name="Log">Sample uniformly in log space (requires Low &gt;= 1 and step 1).</param>
/// <param name="Step">Grid step.</param>
public sealed record IntDistribution(int Low, int High, bool Log = false, int Step = 1) : Distribution
{
    /// <summary>Validates the bounds.</summary>
    public int Low { get; } = Validate(Low, High, Log, Step);

    private static int Validate(int low, int high, bool log, int step)
    {
        if (low > high) throw new ArgumentException($"Int distribution needs low <= high, got [{low}, {high}].");
        if (step < 1) throw new ArgumentException("Step must be >= 1.");
        if (log && low < 1) throw new ArgumentException("A log int distribution needs low >= 1.");
        if (log && step != 1) throw new ArgumentException("A log int distribution needs step 1.");
        return low;
    }

    /// <inheritdoc/>
    public override bool IsDiscrete => true;

    private int EffectiveHigh => Low + (High - Low) / Step * Step;

    // Each integer owns the bin [v - step/2, v + step/2]; for log the bin edges are mapped through ln.
    private (double Lo, double Hi) Span() =>
        Log ? (Math.Log(Low - 0.5), Math.Log(EffectiveHigh + 0.5)) : (Low - Step / 2.0, EffectiveHigh + Step / 2.0);

    private double Raw(double x) => Log ? Math.Log(x) : x;

    /// <inheritdoc/>
    public override double ToInternal(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override object ToExternal(double internalValue) => (int)Math.Round(internalValue);

    /// <inheritdoc/>
    public override bool Contains(double internalValue) =>
        internalValue >= Low && internalValue <= High && internalValue == Math.Round(internalValue)
        && ((long)internalValue - Low) % Step == 0;

    /// <inheritdoc/>
    public override double ToUnit(double internalValue)
    {
        var (lo, hi) = Span();
        return Math.Clamp((Raw(internalValue) - lo) / (hi - lo), 0, 1);
    }

    /// <inheritdoc/>
    public override double FromUnit(double unit)
    {
        var (lo, hi) = Span();
        var x = lo + Math.Clamp(unit, 0, 1) * (hi - lo);
        if (Log) x = Math.Exp(x);
        var v = Low + Math.Round((x - Low) / Step) * Step;
        return Math.Clamp(v, Low, EffectiveHigh);
    }

    internal override (double Low, double High)? UnitBin(double internalValue)
    {
        var (lo, hi) = Span();
        var half = Step / 2.0;
        return ((Raw(internalValue - half) - lo) / (hi - lo), (Raw(internalValue + half) - lo) / (hi - lo));
    }

    internal override long? Cardinality => (EffectiveHigh - (long)Low) / Step + 1;

    internal override IEnumerable<double> EnumerateInternal()
    {
        for (long v = Low; v <= EffectiveHigh; v += Step) yield return v;
    }

    private protected override JsonObject ToJsonNode() => new()
    {
        ["kind"] = "int", ["low"] = Low, ["high"] = High, ["log"] = Log, ["step"] = Step,
    };
}
