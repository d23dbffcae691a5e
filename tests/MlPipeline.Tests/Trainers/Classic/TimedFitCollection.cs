namespace MlPipeline.Tests.Trainers.Classic;

/// <summary>
/// Runs alone, with no other test at the same time: tests of fits that size themselves to a time limit from a probe of
/// their own speed. With the two cores busy elsewhere, the probe measured a GAM round at 54 ms and
/// the fit rightly refused to start, failing a test about a fit that ends inside its limit (in the suite, 1 run in 3).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedFitCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "timed-fits";
}
