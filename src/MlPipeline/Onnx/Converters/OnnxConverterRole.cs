namespace MlPipeline.Onnx.Converters;

/// <summary>Where a fitted transformer stands in a chain, which says how the exporter lines it up with the plan.</summary>
internal enum OnnxConverterRole
{
    /// <summary>A preprocessing transform: matched with the plan step of its <see cref="IOnnxConverter.Kind"/>.</summary>
    Step,

    /// <summary>The regressor after the plan's steps: reads <c>Features</c>, writes <c>Score</c>.</summary>
    Regressor,

    /// <summary>A whole pipeline on its own (an ensemble): reads the raw inputs and brings its members' plans.</summary>
    Pipeline,
}
