using MlPipeline.Data;
using NetArchTest.Rules;

namespace MlPipeline.Tests.Architecture;

/// <summary>
/// The library's folders are layers in the order data flows; a layer may use the ones before it, never the ones
/// after. The check reads the built assembly's IL (NetArchTest, via Mono.Cecil), so a fully qualified name or a
/// <c>using</c> alias cannot slip past it.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>The layers, lowest first. Evaluation is neutral: anyone may use it, it uses nothing of ours.</summary>
    private static readonly string[] s_layers =
        ["Data", "Evaluation", "Preprocessing", "Trainers", "Tuning", "Experiment", "Onnx", "Reporting"];

    public static TheoryData<string> Layers => [.. s_layers];

    [Theory]
    [MemberData(nameof(Layers))]
    public void Should_UseOnlyLowerLayers_When_TheAssemblyIsBuilt(string layer)
    {
        var higher = s_layers.SkipWhile(l => l != layer).Skip(1).Select(Namespace).ToArray();
        if (layer == "Data") higher = [.. higher, Namespace("Evaluation")];

        var result = LayerTypes(layer).ShouldNot().HaveDependencyOnAny(higher).GetResult();

        Assert.True(result.IsSuccessful,
            $"{layer} reaches up the data flow: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Should_KnowNothingOfMlNet_When_TheTypeIsInTuning()
    {
        var result = LayerTypes("Tuning").ShouldNot().HaveDependencyOnAny("Microsoft.ML", "TorchSharp").GetResult();

        Assert.True(result.IsSuccessful, $"Tuning uses ML.NET or TorchSharp: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Should_FindTypesInEveryLayer_When_TheAssemblyIsRead()
    {
        // Guards the rule above against passing vacuously after a rename.
        foreach (var layer in s_layers)
        {
            Assert.NotEmpty(LayerTypes(layer).GetTypes());
        }
    }

    private static PredicateList LayerTypes(string layer) =>
        Types.InAssembly(typeof(ColumnNames).Assembly).That().ResideInNamespace(Namespace(layer));

    private static string Namespace(string layer) => $"MlPipeline.{layer}";
}
