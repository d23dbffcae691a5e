using System.Collections.Immutable;
using Microsoft.ML.Transforms;
using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// An affine <c>NormalizingTransformer</c> → <c>Sub</c> then <c>Mul</c>, in float, which is how ML.NET computes
/// (x − offset) × scale; with no offset (zero kept at zero) only the <c>Mul</c>.
/// </summary>
internal sealed class NormalizerConverter() : StepConverter<NormalizingTransformer>(StepKind.Normalize)
{
    protected override void Convert(OnnxConversionContext context, NormalizingTransformer fitted, PreprocessingStep step)
    {
        var input = context.Column(step.Inputs[0]);
        var parameters = fitted.GetNormalizerModelParameters(0)
            as NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>>
            ?? throw new OnnxConversionException($"normalizer of '{step.Output}' is not affine: only affine normalizers export");
        var value = input.Name;
        if (!parameters.Offset.IsDefaultOrEmpty)
        {
            value = context.Graph.AddNode("Sub", [value, context.Graph.AddFloats("offset", parameters.Offset, 1, parameters.Offset.Length)]);
        }
        value = context.Graph.AddNode("Mul", [value, context.Graph.AddFloats("scale", parameters.Scale, 1, parameters.Scale.Length)]);
        context.Set(step.Output, value, input.Width);
        context.SetOrigins(value, [.. context.Origins(input.Name, input.Width).Select((o, slot) =>
        {
            var offset = parameters.Offset.IsDefaultOrEmpty ? 0f : parameters.Offset[slot];
            var scale = parameters.Scale[slot];
            // A zero or negative scale is not increasing, so no tree threshold can be moved through it.
            return o is not null && float.IsFinite(offset) && float.IsFinite(scale) && scale > 0 ? o with { Affine = o.Affine.Add((offset, scale)) } : null;
        })]);
    }
}
