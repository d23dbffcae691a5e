using System.Xml.Linq;
using MlPipeline.Testing;

namespace MlPipeline.Runtime.Tests.Architecture;

/// <summary>The runtime is what a service or app ships: ONNX Runtime and the base library only, never ML.NET, TorchSharp or MlPipeline.</summary>
public sealed class DependencyTests
{
    [Fact]
    public void Should_ReferenceOnlyOnnxRuntimeAndTheBaseLibrary_When_TheAssemblyIsBuilt()
    {
        // Given
        var assembly = typeof(OnnxModel).Assembly;

        // When
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        // Then
        var foreign = references.Where(n => !(n is "System" or "netstandard" || n.StartsWith("System.", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal))).ToList();
        Assert.True(foreign.Count == 0, $"MlPipeline.Runtime references {string.Join(", ", foreign)}");
        Assert.Contains("Microsoft.ML.OnnxRuntime", references);
    }

    [Fact]
    public void Should_DeclareOnlyTheOnnxRuntimePackage_When_TheProjectFileIsRead()
    {
        // Given: what flows to a consumer of the package, used or not
        var project = XDocument.Load(RepositoryFiles.Path("src/MlPipeline.Runtime/MlPipeline.Runtime.csproj"));

        // When
        var packages = project.Descendants("PackageReference").Select(p => (string?)p.Attribute("Include")).ToList();
        var projects = project.Descendants("ProjectReference").Select(p => (string?)p.Attribute("Include")).ToList();
        var frameworks = project.Descendants("FrameworkReference").Select(p => (string?)p.Attribute("Include")).ToList();

        // Then
        Assert.Equal(["Microsoft.ML.OnnxRuntime"], packages);
        Assert.Empty(projects);
        Assert.Empty(frameworks);
    }
}
