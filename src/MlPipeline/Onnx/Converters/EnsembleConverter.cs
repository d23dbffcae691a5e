using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers.Ensembles;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// An ensemble → one graph: each member's whole pipeline is converted into it from the shared raw inputs, with the
/// member's own plan; the member scores are multiplied by their weights and summed.
/// </summary>
internal sealed class EnsembleConverter : OnnxConverter<EnsembleTransformer>
{
    public override OnnxConverterRole Role => OnnxConverterRole.Pipeline;

    private protected override void ConvertFitted(OnnxConversionContext context, EnsembleTransformer fitted, PreprocessingStep? step)
    {
        var weighted = fitted.Members
            .Select(m => context.Graph.AddNode("Mul", [
                OnnxChainConverter.Convert(context.ForPipeline(), m.Chain, m.Plan),
                context.Graph.AddFloats("weight", [(float)m.Weight], 1, 1)]))
            .ToList();
        context.Set(ColumnNames.Score, weighted.Count == 1 ? weighted[0] : context.Graph.AddNode("Sum", weighted), 1);
    }
}
