using MlPipeline.Cli.Codegen;

namespace MlPipeline.Cli.Tests.Codegen;

/// <summary>Property names, literals and doc text of generated code.</summary>
public sealed class CSharpNamesTests
{
    [Fact]
    public void PropertyNames_Should_KeepIdentifiersAndMakeOthersUniqueIgnoringCase_When_ColumnsClash()
    {
        // Given: columns that are identifiers, a keyword, names starting with a digit or holding symbols, names that
        // sanitize onto another column's name (in any case), a record member, the type's own name, and an empty name
        string[] columns = ["x-1", "class", "2x", "city", "City", "x_1", "A b", "a_b", "ModelInput", "ToString", "", "größe m²", "Wert", "ReferenceEquals", "__arglist"];

        // When
        var names = CSharpNames.PropertyNames(columns, "ModelInput");

        // Then
        Assert.Equal(["x_1_2", "@class", "_2x", "city", "City", "x_1", "A_b_2", "a_b", "ModelInput_2", "ToString_2", "_", "größe_m_", "Wert", "ReferenceEquals_2", "@__arglist"], names);
    }

    [Theory]
    [InlineData("Acme.Houses", true)]
    [InlineData("Acme", true)]
    [InlineData("Acme..Houses", false)]
    [InlineData("Acme.class", false)]
    [InlineData("1Acme", false)]
    [InlineData("Acme-Houses", false)]
    [InlineData("", false)]
    [InlineData("Acme.Prediction", false)] // would hide MlPipeline.Runtime.Prediction in the generated scorer
    [InlineData("Acme.__arglist", false)]
    public void IsNamespace_Should_AcceptOnlyDottedIdentifiers(string name, bool expected) =>
        Assert.Equal(expected, CSharpNames.IsNamespace(name));

    [Fact]
    public void Literal_Should_EscapeQuotesBackslashesAndControlCharacters()
    {
        Assert.Equal("\"a\\\"b\\\\c\\n\\t\\u0001\"", CSharpNames.Literal("a\"b\\c\n\t\u0001"));
        Assert.Equal("\"Gr_Liv_Area\"", CSharpNames.Literal("Gr_Liv_Area"));
    }

    [Fact]
    public void Xml_Should_EscapeMarkupAndHideControlCharacters()
    {
        Assert.Equal("&lt;a&amp;b&gt; ?", CSharpNames.Xml("<a&b> \n"));
    }
}
