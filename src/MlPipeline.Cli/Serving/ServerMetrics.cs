using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Prometheus;

namespace MlPipeline.Cli.Serving;

/// <summary>
/// The service's Prometheus metrics, in a registry of its own: requests, errors (4xx and 5xx answers) and latency by
/// endpoint, requests in flight, and records scored. Paths other than the service's own are counted as <c>other</c> so a scan of random
/// URLs cannot grow the label set.
/// </summary>
internal sealed class ServerMetrics
{
    private static readonly string[] s_paths = ["/predict", "/schema", "/healthz", "/metrics", "/openapi/v1.json"];

    private readonly Counter _requests;
    private readonly Counter _errors;
    private readonly Histogram _latency;
    private readonly Counter _records;
    private readonly Gauge _inFlight;

    public ServerMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter("mlpipeline_requests_total", "HTTP requests answered, by endpoint.", ["endpoint"]);
        _errors = factory.CreateCounter("mlpipeline_request_errors_total", "HTTP requests answered with a 4xx or 5xx status, by endpoint and status.", ["endpoint", "status"]);
        _latency = factory.CreateHistogram("mlpipeline_request_duration_seconds", "Time to answer an HTTP request, by endpoint.", ["endpoint"],
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 18) });
        _records = factory.CreateCounter("mlpipeline_records_scored_total", "Records scored by POST /predict.");
        _inFlight = factory.CreateGauge("mlpipeline_requests_in_flight", "HTTP requests being answered now, by endpoint.", ["endpoint"]);
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public void RecordsScored(int count) => _records.Inc(count);

    /// <summary>Middleware: times every request and counts it, and its error status if any.</summary>
    public async Task ObserveAsync(HttpContext context, RequestDelegate next)
    {
        var start = Stopwatch.GetTimestamp();
        var path = context.Request.Path.Value ?? "";
        var endpoint = s_paths.Contains(path, StringComparer.OrdinalIgnoreCase) ? path.ToLowerInvariant() : "other";
        var inFlight = _inFlight.WithLabels(endpoint);
        inFlight.Inc();
        try
        {
            await next(context);
        }
        finally
        {
            inFlight.Dec();
            _requests.WithLabels(endpoint).Inc();
            var status = context.Response.StatusCode;
            if (status >= 400) _errors.WithLabels(endpoint, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
            _latency.WithLabels(endpoint).Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }
}
