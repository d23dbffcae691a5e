using System.Globalization;

namespace MlPipeline.Benchmarks;

/// <summary>The benches' "--name value" options.</summary>
internal static class CommandLine
{
    /// <summary>The value after <paramref name="name"/>, or null when the option is absent or has no value.</summary>
    public static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The integer after <paramref name="name"/>, or <paramref name="fallback"/> when the option is absent.</summary>
    public static int Arg(string[] args, string name, int fallback) =>
        Arg(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
