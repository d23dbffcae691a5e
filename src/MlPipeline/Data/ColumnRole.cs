namespace MlPipeline.Data;

/// <summary>What a CSV column is used for, as inferred from its values or set by the user.</summary>
public enum ColumnRole
{
    /// <summary>The regression target.</summary>
    Label,

    /// <summary>A number (float32 in the pipeline; missing cells become NaN).</summary>
    Numeric,

    /// <summary>Two-valued tokens (true/false, yes/no, y/n, t/f, 1/0) turned into 1/0.</summary>
    Boolean,

    /// <summary>A string with a limited set of values, one-hot encoded (top-k plus an all-zero "other").</summary>
    Categorical,

    /// <summary>Free text: reported, not used as a feature (override with <see cref="SchemaOverrides.Categorical"/>).</summary>
    Text,

    /// <summary>A date or time, split into numeric parts (year, month, day, day of week, hour).</summary>
    DateTime,

    /// <summary>Not used: identifier-like, constant, free text, or ignored by the user.</summary>
    Ignored,
}
