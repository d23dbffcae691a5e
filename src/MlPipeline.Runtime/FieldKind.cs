namespace MlPipeline.Runtime;

/// <summary>What a record field holds, as the model's training schema says.</summary>
public enum FieldKind
{
    /// <summary>A number; a missing marker or null is a missing value.</summary>
    Number,

    /// <summary>A yes/no value: true/false, yes/no, y/n, t/f or 1/0, case-insensitively.</summary>
    Boolean,

    /// <summary>A category, taken as text (trimmed); values the model never saw are allowed.</summary>
    Category,

    /// <summary>A date or date-time, parsed with the schema's culture and split into the model's date parts.</summary>
    Date,
}
