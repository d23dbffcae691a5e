using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlPipeline.Onnx;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Onnx;

/// <summary>The exporter lines the fitted transformers up with the plan's steps by kind, and says where they part.</summary>
public sealed class OnnxChainAlignmentTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static OnnxConversionException ConvertFails(ExportedModels.Fitted fitted, IEnumerable<ITransformer> transformers, PreprocessingPlan plan) =>
        Assert.Throws<OnnxConversionException>(() =>
            OnnxExporter.Convert(fitted.Ml, new TransformerChain<ITransformer>([.. transformers]), fitted.Schema, plan, new Dictionary<string, string>()));

    [Fact]
    public void A_Transformer_Of_Another_Kind_Than_Its_Plan_Step_Fails_Naming_The_Step()
    {
        // Given: the fitted chain without its one-hot encoder, so the features' Concatenate meets the plan's OneHot step
        var fitted = ExportedModels.Fit(_dir, "sdca");
        var transformers = TransformerChains.Flatten(fitted.Chain).ToList();
        var oneHot = transformers.FindIndex(t => t is OneHotEncodingTransformer);
        var step = PreprocessingChainBuilder.Steps(fitted.Plan)[oneHot];
        transformers.RemoveAt(oneHot);

        // When
        var e = ConvertFails(fitted, transformers, fitted.Plan);

        // Then
        Assert.Equal(StepKind.OneHot, step.Kind);
        Assert.Equal(
            $"step {oneHot + 1} of the plan, OneHot → '{step.Output}', meets ColumnConcatenatingTransformer (a Concatenate step) in the fitted chain",
            e.Message);
    }

    [Fact]
    public void A_Transformer_The_Plan_Does_Not_Have_Fails_Naming_It()
    {
        // Given: a chain fitted with a scaler, converted with the same plan without one
        var fitted = ExportedModels.Fit(_dir, "sdca");
        var unscaled = fitted.Plan with { Options = fitted.Plan.Options with { Scaler = ScalerKind.None } };
        var steps = PreprocessingChainBuilder.Steps(unscaled).Count;

        // When
        var e = ConvertFails(fitted, TransformerChains.Flatten(fitted.Chain), unscaled);

        // Then
        Assert.Equal($"step {steps + 1} of the fitted chain, NormalizingTransformer (a Normalize step), is not in the plan, which has {steps} steps", e.Message);
    }

    [Fact]
    public void A_Chain_Without_Its_Regressor_Fails_Saying_So()
    {
        var fitted = ExportedModels.Fit(_dir, "sdca");

        var e = ConvertFails(fitted, TransformerChains.Flatten(fitted.Chain).SkipLast(1), fitted.Plan);

        Assert.Equal("the fitted chain ends in NormalizingTransformer (a Normalize step), not a regressor", e.Message);
    }
}
