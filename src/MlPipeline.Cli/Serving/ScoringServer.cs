using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlPipeline.Runtime;
using Prometheus;

namespace MlPipeline.Cli.Serving;

/// <summary>
/// The HTTP scoring service over one <see cref="OnnxModel"/> (ASP.NET Core, Kestrel): <c>POST /predict</c>,
/// <c>GET /schema</c>, <c>GET /healthz</c>, <c>GET /metrics</c> (Prometheus text) and the OpenAPI document at
/// <c>/openapi/v1.json</c>. SIGTERM or Ctrl+C stops it gracefully: it stops accepting, lets requests in flight finish
/// (up to <see cref="ShutdownTimeout"/>), then returns.
/// </summary>
internal static class ScoringServer
{
    /// <summary>How long requests in flight may take to finish once a stop is asked for.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The answers' JSON: camelCase, nulls left out, quotes in error text kept readable, and a non-finite score written
    /// as a name rather than failing the answer.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static WebApplication Build(OnnxModel model, ServeOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = PredictEndpoint.DrainLimit(options.MaxBodyBytes));
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(c => c.SuppressStatusMessages = true);
        builder.Services.AddOpenApi();

        var app = builder.Build();
        var metrics = new ServerMetrics();
        app.Use(metrics.ObserveAsync);
        var predict = new PredictEndpoint(model, metrics, options.MaxBodyBytes);
        app.MapPost("/predict", predict.HandleAsync)
            .WithName("predict")
            .WithSummary("Scores records: a JSON array of objects, or CSV text (Content-Type text/csv)")
            .Accepts<JsonElement>("application/json", "text/csv")
            .Produces<PredictResponse>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ErrorResponse>(StatusCodes.Status415UnsupportedMediaType);
        var schema = RecordSchema.Describe(model).ToJsonString();
        app.MapGet("/schema", () => Results.Text(schema, "application/json"))
            .WithName("schema").WithSummary("JSON Schema of one record, and an example record");
        app.MapGet("/healthz", () => Results.Text("ok\n")).WithName("healthz").WithSummary("200 while the service is up");
        app.MapMetrics("/metrics", metrics.Registry);
        app.MapOpenApi();
        return app;
    }

    /// <summary>Serves until SIGTERM or Ctrl+C; prints the address it listens on, then returns once stopped.</summary>
    public static async Task RunAsync(OnnxModel model, ServeOptions options, string modelPath, bool quiet)
    {
        await using var app = Build(model, options);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        // The address line is printed even when quiet: with port 0 it is how a caller learns the port.
        Console.Error.WriteLine($"listening on {string.Join(" ", addresses)}");
        if (!quiet) Console.Error.WriteLine($"serving {modelPath}: POST /predict, GET /schema, /healthz, /metrics, /openapi/v1.json; Ctrl+C stops");
        await app.WaitForShutdownAsync();
        if (!quiet) Console.Error.WriteLine("stopped");
    }
}
