namespace MlPipeline.Cli.Codegen;

/// <summary>One file that <c>mlpipeline codegen</c> writes: its name inside the output folder and its text.</summary>
internal sealed record GeneratedFile(string Name, string Text);
