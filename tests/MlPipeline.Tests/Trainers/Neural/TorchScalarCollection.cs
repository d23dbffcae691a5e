namespace MlPipeline.Tests.Trainers.Neural;

/// <summary>
/// Runs alone, with no other test at the same time: tests that force garbage collections without pause, and tests
/// that call TorchSharp's own optimizers and modules as references. Those hand libtorch temporary scalars (see
/// <c>GradientDescent</c>), which a collection triggered by a test on another thread could free mid-call.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchScalarCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "torch-scalars";
}
