namespace MlPipeline.Tests;

/// <summary>
/// Test classes that train TorchSharp networks run one at a time. Under the parallel test run, networks training
/// on several threads at once occasionally hit a torch-internal error (a corrupted scalar, "Expected false to be
/// true" from <c>Scalar::toFloat</c>); the sweep treats that as a failed trial, but a test must not flake on it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "torch";
}
