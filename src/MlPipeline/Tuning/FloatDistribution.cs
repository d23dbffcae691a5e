using System.Text.Json.Nodes;

namespace MlPipeline.Tuning;

/// <summary>A real interval, optionally log-scaled or quantised by <paramref name="Step"/>.</summary>
/// <param name="Low">Inclusive lower bound.</param>
/// <param name="High">Inclusive upper bound.</param>
/// <param name="Log">Sample uniformly in log space (requires Low &gt; 0, no step).</param>
/// <param name="Step">Quantisation step, or null for continuous.</param>
public sealed record FloatDistribution(double Low, double High, bool Log = false, double? Step = null) : Distribution
{
    /// <summary>Validates the bounds.</summary>
    public double Low { get; } = Validate(Low, High, Log, Step);

    private static double Validate(double low, double high, bool log, double? step)
    {
        if (!(low <= high) || double.IsInfinity(low) || double.IsInfinity(high))
            throw new ArgumentException($"Float distribution needs finite low <= high, got [{low}, {high}].");
        if (log && low <= 0) throw new ArgumentException("A log float distribution needs low > 0.");
        if (log && step is not null) throw new ArgumentException("A float distribution cannot be both log and stepped.");
        if (step is { } s && !(s > 0)) throw new ArgumentException("Step must be positive.");
        return low;
    }

    /// <inheritdoc/>
    public override bool IsDiscrete => Step is not null || Low == High;

    private double EffectiveHigh => Step is { } s ? Low + Math.Floor((High - Low) / s + 1e-9) * s : High;

    private (double Lo, double Hi) Span()
    {
        if (Step is { } s) return (Low - s / 2, EffectiveHigh + s / 2);
        return Log ? (Math.Log(Low), Math.Log(High)) : (Low, High);
    }

    /// <inheritdoc/>
    public override double ToInternal(object value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override object ToExternal(double internalValue) => internalValue;

    /// <inheritdoc/>
    public override bool Contains(double internalValue)
    {
        if (double.IsNaN(internalValue) || internalValue < Low - 1e-12 || internalValue > High + 1e-12) return false;
        if (Step is not { } s) return true;
        var k = (internalValue - Low) / s;
        return Math.Abs(k - Math.Round(k)) < 1e-8;
    }

    /// <inheritdoc/>
    public override double ToUnit(double internalValue)
    {
        var (lo, hi) = Span();
        if (hi <= lo) return 0.5;
        var x = Log ? Math.Log(internalValue) : internalValue;
        return Math.Clamp((x - lo) / (hi - lo), 0, 1);
    }

    /// <inheritdoc/>
    public override double FromUnit(double unit)
    {
        var (lo, hi) = Span();
        var x = lo + Math.Clamp(unit, 0, 1) * (hi - lo);
        if (Log) x = Math.Exp(x);
        if (Step is { } s) x = Low + Math.Round((x - Low) / s) * s;
        return Math.Clamp(x, Low, Step is null ? High : EffectiveHigh);
    }

    internal override (double Low, double High)? UnitBin(double internalValue)
    {
        if (Step is not { } s) return null;
        return (ToUnitRaw(internalValue - s / 2), ToUnitRaw(internalValue + s / 2));
    }

    private double ToUnitRaw(double x)
    {
        var (lo, hi) = Span();
        return (x - lo) / (hi - lo);
    }

    internal override long? Cardinality => Step is { } s ? (long)Math.Floor((High - Low) / s + 1e-9) + 1 : Low == High ? 1 : null;

    internal override IEnumerable<double> EnumerateInternal()
    {
        var n = Cardinality ?? throw new InvalidOperationException("Continuous distributions cannot be enumerated.");
        for (long i = 0; i < n; i++) yield return Step is { } s ? Low + i * s : Low;
    }

    private protected override JsonObject ToJsonNode() => new()
    {
        ["kind"] = "float", ["low"] = Low, ["high"] = High, ["log"] = Log, ["step"] = Step,
    };
}
