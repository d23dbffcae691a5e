using System.Globalization;
using System.Text;

namespace MlPipeline.Cli.Codegen;

/// <summary>C# identifiers, literals and XML doc text for generated code.</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> s_keywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while", "__arglist", "__makeref", "__reftype", "__refvalue",
    ];

    /// <summary>
    /// Types the generated code names without qualification: a namespace part of the same name would hide them.
    /// </summary>
    private static readonly HashSet<string> s_usedTypes =
        ["OnnxModel", "OnnxModelOptions", "Prediction", "ModelSchema", "ModelLoadException", "RecordValidationException", "IDisposable",
         "IEnumerable", "IReadOnlyList", "JsonPropertyName", "JsonPropertyNameAttribute", "System", "MlPipeline"];

    /// <summary>Members every record has (or inherits), which a property may not be named after.</summary>
    private static readonly HashSet<string> s_recordMembers =
        ["EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "GetType", "MemberwiseClone", "Finalize", "Deconstruct", "ReferenceEquals"];

    /// <summary>Whether <paramref name="name"/> is a plain C# identifier (no keyword, no '@').</summary>
    public static bool IsIdentifier(string name) =>
        name.Length > 0 && IsIdentifierStart(name[0]) && name.All(IsIdentifierPart) && !s_keywords.Contains(name);

    /// <summary>
    /// Whether <paramref name="name"/> is a dotted C# namespace (each part a plain identifier, none named like a type the
    /// generated code uses).
    /// </summary>
    public static bool IsNamespace(string name) => name.Split('.').All(p => IsIdentifier(p) && !s_usedTypes.Contains(p));

    /// <summary>
    /// One property name per column of <paramref name="columns"/>, in order, none equal to <paramref name="typeName"/>
    /// or a record's own members. A column that already is an identifier keeps its name (a keyword is escaped with
    /// '@', which reflection does not see), so the runtime binds it by name; any other becomes letters, digits and
    /// '_' and is made unique ignoring case, so that it can never match another column by name and is bound by its
    /// <c>[JsonPropertyName]</c>.
    /// </summary>
    public static IReadOnlyList<string> PropertyNames(IReadOnlyList<string> columns, string typeName)
    {
        var names = new string?[columns.Count];
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { typeName };
        taken.UnionWith(s_recordMembers);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var plain = column.Length > 0 && IsIdentifierStart(column[0]) && column.All(IsIdentifierPart);
            if (plain && column != typeName && !s_recordMembers.Contains(column)) names[i] = s_keywords.Contains(column) ? "@" + column : column;
        }
        // Kept names are distinct (columns are), but a derived name must differ from them all, whatever the case.
        foreach (var name in names) if (name is not null) taken.Add(name.TrimStart('@'));
        for (var i = 0; i < columns.Count; i++)
        {
            if (names[i] is not null) continue;
            var stem = Sanitize(columns[i]);
            var candidate = stem;
            for (var n = 2; !taken.Add(candidate); n++) candidate = $"{stem}_{n}";
            names[i] = s_keywords.Contains(candidate) ? "@" + candidate : candidate;
        }
        return names!;
    }

    /// <summary>A C# string literal of <paramref name="text"/>.</summary>
    public static string Literal(string text)
    {
        var literal = new StringBuilder("\"");
        foreach (var c in text)
        {
            literal.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return literal.Append('"').ToString();
    }

    /// <summary><paramref name="text"/> escaped for XML documentation, control characters shown as '?'.</summary>
    public static string Xml(string text)
    {
        var xml = new StringBuilder();
        foreach (var c in text)
        {
            xml.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' => "?",
                _ => c.ToString(),
            });
        }
        return xml.ToString();
    }

    private static string Sanitize(string column)
    {
        var name = new StringBuilder();
        foreach (var c in column) name.Append(IsIdentifierPart(c) ? c : '_');
        if (name.Length == 0 || !IsIdentifierStart(name[0])) name.Insert(0, '_');
        return name.ToString();
    }

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => true,
        _ => false,
    };
}
