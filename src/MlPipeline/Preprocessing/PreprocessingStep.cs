using System.Collections.Immutable;

namespace MlPipeline.Preprocessing;

/// <summary>
/// One transform of the chain as data: what it reads and writes. <see cref="PreprocessingChainBuilder"/> makes one
/// ML.NET estimator per step, in order, so the fitted chain's transformers line up with these steps; the ONNX
/// export checks each transformer against its step's <see cref="Kind"/>.
/// </summary>
/// <param name="Kind">The transform.</param>
/// <param name="Output">The column it writes.</param>
/// <param name="Inputs">The columns it reads.</param>
internal sealed record PreprocessingStep(StepKind Kind, string Output, ImmutableArray<string> Inputs)
{
    /// <summary>For one-hot steps, the categories in slot order.</summary>
    public ImmutableArray<string> Categories { get; init; } = [];

    /// <summary>For normalize steps, whether the training mean is subtracted first (the numeric block of <see cref="ScalerKind.Standard"/>).</summary>
    public bool Centre { get; init; }
}
