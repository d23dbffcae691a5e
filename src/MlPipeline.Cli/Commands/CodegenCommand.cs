using System.CommandLine;
using System.Reflection;
using MlPipeline.Cli.Codegen;
using MlPipeline.Data;
using MlPipeline.Runtime;

namespace MlPipeline.Cli.Commands;

/// <summary>
/// <c>mlpipeline codegen</c>: typed C# consumption code for a model's <c>model.onnx</c> — an input record, a scorer over
/// MlPipeline.Runtime and a project referencing that package at this tool's version.
/// </summary>
internal static class CodegenCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory or its model.onnx", Required = true };
        var ns = new Option<string>("--namespace") { Description = "Namespace of the generated code, also the project's name", Required = true };
        var output = new Option<string>("--output") { Description = "Folder to write the project into (created if missing)", Required = true };
        var name = new Option<string>("--name") { Description = "Stem of the type names: NAMEInput, NAMEScorer", DefaultValueFactory = _ => "Model" };
        var force = new Option<bool>("--force") { Description = "Overwrite files of the same names in --output" };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors" };

        var command = new Command("codegen", "Generate a typed C# input record and scorer (over MlPipeline.Runtime) for a model.onnx") { model, ns, output, name, force, quiet };
        command.SetAction(parse =>
        {
            var space = parse.GetValue(ns)!;
            if (!CSharpNames.IsNamespace(space)) throw new DataValidationException($"--namespace '{space}' is not a C# namespace (dotted identifiers, no keyword, no part named like a type the generated code uses)");
            var stem = parse.GetValue(name)!;
            if (!CSharpNames.IsIdentifier(stem)) throw new DataValidationException($"--name '{stem}' is not a C# identifier");
            var path = OnnxModelFile.Resolve(parse.GetValue(model)!, "codegen");
            IReadOnlyList<GeneratedFile> files;
            using (var onnx = OnnxModelFile.Load(path))
            {
                files = ScoringCode.Generate(onnx.Schema, onnx.Metadata, onnx.HasInterval, space, stem, ToolVersion());
            }
            var folder = parse.GetValue(output)!;
            Write(folder, files, parse.GetValue(force));
            if (!parse.GetValue(quiet)) Console.Error.WriteLine($"wrote {string.Join(", ", files.Select(f => f.Name))} to {folder}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>This tool's package version (without the source revision), which the generated project references.</summary>
    internal static string ToolVersion()
    {
        var version = typeof(CodegenCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? throw new InvalidOperationException("the tool's assembly has no informational version");
        return version.Split('+')[0];
    }

    /// <summary>
    /// Writes every file or none: an existing file is refused before anything is written unless <paramref name="force"/>,
    /// and the files are written to a hidden staging folder beside <paramref name="folder"/>, then moved in.
    /// </summary>
    internal static void Write(string folder, IReadOnlyList<GeneratedFile> files, bool force)
    {
        if (File.Exists(folder)) throw new DataValidationException("is a file, not a folder", folder);
        var full = Path.GetFullPath(folder);
        if (!force)
        {
            var existing = files.Select(f => Path.Combine(folder, f.Name)).FirstOrDefault(File.Exists);
            if (existing is not null) throw new DataValidationException("exists; pass --force to overwrite it", existing);
        }
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(full)) ?? full;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(Path.TrimEndingDirectorySeparator(full))}.codegen-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var file in files) File.WriteAllText(Path.Combine(staging, file.Name), file.Text, new System.Text.UTF8Encoding(false));
            if (!Directory.Exists(full))
            {
                Directory.Move(staging, full);
                return;
            }
            foreach (var file in files) File.Move(Path.Combine(staging, file.Name), Path.Combine(full, file.Name), overwrite: true);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}
