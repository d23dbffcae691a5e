namespace MlPipeline.Reporting;

/// <summary>The output folder already holds files and replacing it was not asked for (or is unsafe).</summary>
public sealed class OutputExistsException(string message) : IOException(message);
