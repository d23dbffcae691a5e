using System.CommandLine;
using MlPipeline.Cli.Serving;
using MlPipeline.Data;
using MlPipeline.Runtime;

namespace MlPipeline.Cli.Commands;

/// <summary><c>mlpipeline serve</c>: score records over HTTP with a model's <c>model.onnx</c>, until SIGTERM or Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory or its model.onnx", Required = true };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, ';'-separated (port 0 picks a free one)", DefaultValueFactory = _ => ServeOptions.DefaultUrls };
        var maxBody = new Option<long>("--max-body-bytes") { Description = "Largest request body accepted; larger ones get 413", DefaultValueFactory = _ => ServeOptions.DefaultMaxBodyBytes };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but the address and errors" };

        var command = new Command("serve", "Serve a model over HTTP: POST /predict, GET /schema, /healthz, /metrics, /openapi/v1.json") { model, urls, maxBody, quiet };
        command.SetAction(async (parse, _) =>
        {
            var limit = parse.GetValue(maxBody);
            if (limit <= 0) throw new DataValidationException($"--max-body-bytes must be positive, not {limit}");
            var path = OnnxModelFile.Resolve(parse.GetValue(model)!, "serve");
            using var onnx = OnnxModelFile.Load(path);
            await ScoringServer.RunAsync(onnx, new ServeOptions(parse.GetValue(urls)!, limit), path, parse.GetValue(quiet));
            return ExitCodes.Ok;
        });
        return command;
    }
}
