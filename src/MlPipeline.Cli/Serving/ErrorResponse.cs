namespace MlPipeline.Cli.Serving;

/// <summary>The body of a 4xx answer: the one-line error and, for a bad record, its index, line (CSV), field and value.</summary>
internal sealed record ErrorResponse(string Error, int? Record = null, long? Line = null, string? Field = null, string? Value = null);
