using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// Converts a fitted chain: its preprocessing transformers, each matched with the plan step of its converter's
/// kind, then its regressor; or a whole pipeline on its own (an ensemble), which brings its members' plans.
/// </summary>
internal static class OnnxChainConverter
{
    /// <summary>Converts <paramref name="chain"/>, built from <paramref name="plan"/>, and returns its score value.</summary>
    /// <exception cref="OnnxConversionException">A transformer has no converter, or the chain does not follow the plan.</exception>
    public static string Convert(OnnxConversionContext context, ITransformer chain, PreprocessingPlan plan)
    {
        var transformers = TransformerChains.Flatten(chain).ToList();
        var converters = transformers.Select(OnnxConverterRegistry.Find).ToList();
        IReadOnlyList<PreprocessingStep> steps = converters is [{ Role: OnnxConverterRole.Pipeline }] ? [] : Align(converters, PreprocessingChainBuilder.Steps(plan));
        for (var i = 0; i < transformers.Count; i++)
        {
            converters[i].Convert(context, transformers[i], i < steps.Count ? steps[i] : null);
            context.Schema = transformers[i].GetOutputSchema(context.Schema);
        }
        return context.Column(ColumnNames.Score).Name;
    }

    /// <summary>The plan step of each preprocessing transformer, in order, after checking kinds and that a regressor ends the chain.</summary>
    private static IReadOnlyList<PreprocessingStep> Align(IReadOnlyList<IOnnxConverter> converters, IReadOnlyList<PreprocessingStep> steps)
    {
        var last = converters.Count - 1;
        if (last < 0 || converters[last].Role != OnnxConverterRole.Regressor)
        {
            throw new OnnxConversionException(last < 0 ? "the fitted chain is empty" : $"the fitted chain ends in {Describe(converters[last])}, not a regressor");
        }
        for (var i = 0; i < Math.Max(last, steps.Count); i++)
        {
            if (i >= last)
            {
                throw new OnnxConversionException(
                    $"step {i + 1} of the plan, {Describe(steps[i])}, has no fitted transformer: the chain has {last} preprocessing steps before its regressor");
            }
            if (i >= steps.Count)
            {
                throw new OnnxConversionException($"step {i + 1} of the fitted chain, {Describe(converters[i])}, is not in the plan, which has {steps.Count} steps");
            }
            if (converters[i].Kind != steps[i].Kind)
            {
                throw new OnnxConversionException(
                    $"step {i + 1} of the plan, {Describe(steps[i])}, meets {Describe(converters[i])} in the fitted chain");
            }
        }
        return steps;
    }

    private static string Describe(PreprocessingStep step) => $"{step.Kind} → '{step.Output}'";

    private static string Describe(IOnnxConverter converter) =>
        converter.Role == OnnxConverterRole.Step ? $"{converter.FittedType.Name} (a {converter.Kind} step)" : $"{converter.FittedType.Name} (a {converter.Role.ToString().ToLowerInvariant()})";
}
