using MlPipeline.Tuning;

namespace MlPipeline.Tests.Tuning;

public sealed class DistributionTests
{
    public static TheoryData<Distribution> All => new()
    {
        new FloatDistribution(-2.5, 3.5),
        new FloatDistribution(1e-5, 1e-1, Log: true),
        new FloatDistribution(0, 1, Step: 0.25),
        new IntDistribution(-3, 17, Step: 4),
        new IntDistribution(1, 1024, Log: true),
        new CategoricalDistribution(["a", 3, 2.0, true, null]),
    };

    [Theory]
    [MemberData(nameof(All))]
    public void ToJson_AnyDistribution_RoundTripsToEqualRecord(Distribution distribution)
    {
        // Given a distribution, When it goes through JSON, Then an equal record comes back
        var back = Distribution.FromJson(distribution.ToJson());
        Assert.Equal(distribution, back);
        Assert.Equal(distribution.ToJson(), back.ToJson());
    }

    [Theory]
    [MemberData(nameof(All))]
    public void FromUnit_AnyUnitPoint_ReturnsMemberOfDomain(Distribution distribution)
    {
        // Given unit-cube points including both ends, When mapped back, Then every value is legal
        var rng = new Random(1);
        var points = Enumerable.Range(0, 500).Select(_ => rng.NextDouble()).Append(0).Append(1);
        foreach (var u in points) Assert.True(distribution.Contains(distribution.FromUnit(u)), $"{u} -> {distribution.FromUnit(u)}");
    }

    public static TheoryData<Distribution> Discrete => new()
    {
        new FloatDistribution(0, 1, Step: 0.25),
        new IntDistribution(-3, 17, Step: 4),
        new IntDistribution(1, 1024, Log: true),
        new CategoricalDistribution(["a", 3, 2.0, true, null]),
    };

    [Theory]
    [MemberData(nameof(Discrete))]
    public void ToUnit_DiscreteValue_MapsBackToSameValue(Distribution distribution)
    {
        // Given every value of a discrete domain, When mapped to the unit cube and back, Then it is unchanged
        Assert.True(distribution.IsDiscrete);
        foreach (var v in distribution.EnumerateInternal()) Assert.Equal(v, distribution.FromUnit(distribution.ToUnit(v)));
    }

    [Fact]
    public void CategoricalChoice_DoubleOne_StaysDoubleAfterJson()
    {
        // Given a double choice equal to an integer, When round-tripped, Then it is still a double (not the long 1)
        var back = (CategoricalDistribution)Distribution.FromJson(new CategoricalDistribution([1.0, 1]).ToJson());
        Assert.IsType<double>(back.Choices[0]);
        Assert.IsType<long>(back.Choices[1]);
    }

    [Fact]
    public void Constructor_InvalidBounds_Throws()
    {
        // Given illegal settings, When constructing, Then the record refuses them
        Assert.Throws<ArgumentException>(() => new FloatDistribution(2, 1));
        Assert.Throws<ArgumentException>(() => new FloatDistribution(0, 1, Log: true));
        Assert.Throws<ArgumentException>(() => new IntDistribution(0, 10, Log: true));
        Assert.Throws<ArgumentException>(() => new CategoricalDistribution(Array.Empty<object?>()));
    }
}
