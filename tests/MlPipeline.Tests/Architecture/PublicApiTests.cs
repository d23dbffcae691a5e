using System.Reflection;
using System.Text;
using MlPipeline.Data;
using MlPipeline.Tests.Reporting;

namespace MlPipeline.Tests.Architecture;

/// <summary>
/// The library's public surface is what its users call; everything else is internal. The surface is pinned in
/// <c>Approved/public-api.approved.txt</c>: a change to it is a decision, reviewed as a diff of that file.
/// </summary>
public sealed class PublicApiTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void Should_MatchTheApprovedSurface_When_TheLibraryIsBuilt()
    {
        var text = new StringBuilder();
        foreach (var type in typeof(ColumnNames).Assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Kind(type)).Append(' ').Append(type.FullName).Append('\n');
            var members = type.GetMembers(Declared)
                .Where(Visible)
                .Where(m => !m.Name.Contains('<') && m is not MethodInfo { IsSpecialName: true } && m is not Type)
                .Select(m => "    " + m.MemberType.ToString().ToLowerInvariant() + " " + m)
                .Order(StringComparer.Ordinal);
            foreach (var member in members) text.Append(member).Append('\n');
        }

        Approval.Verify(text.ToString(), "public-api", "txt");
    }

    [Fact]
    public void Should_KeepPlumbingInternal_When_ATypeIsNotCalledByUsers()
    {
        string[] plumbing = ["PreprocessingChainBuilder", "PreprocessingPlanner", "PreprocessingStep", "OnnxExporter", "OnnxScorer",
            "OutputStaging", "PermutationImportance", "EnsembleSelection", "TrialObjective", "ExperimentData"];

        var exported = typeof(ColumnNames).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet();

        Assert.All(plumbing, name => Assert.DoesNotContain(name, exported));
    }

    private static bool Visible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
        _ => false,
    };

    private static string Kind(Type type) =>
        type.IsInterface ? "interface"
        : type.IsEnum ? "enum"
        : type.IsValueType ? "struct"
        : type.GetMethod("<Clone>$") is not null ? "record"
        : type.IsAbstract && type.IsSealed ? "static class"
        : type.IsAbstract ? "abstract class"
        : type.IsSealed ? "sealed class" : "class";
}
