namespace MlPipeline.Cli.Tests.Faults;

/// <summary>The fault tests run CLI processes and servers of their own: alone, so their bounds hold on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection
{
    public const string Name = "faults";
}
