using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MlPipeline.Cli.Tests.Faults;
using MlPipeline.Runtime;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Serving;

/// <summary>
/// <c>mlpipeline serve</c> as a real process called over HTTP. In the faults collection: these tests run servers of
/// their own and must not run beside the timing-sensitive tests.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class ServeTests(ServedModel served) : IClassFixture<ServedModel>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private float[] Expected(string csv)
    {
        using var model = new OnnxModel(served.IntervalModelPath);
        return [.. model.ScoreCsv(new StringReader(csv)).Select(p => p.Score)];
    }

    [Fact]
    public async Task Predict_Should_ScoreEveryRecordInOrder_When_GivenJsonOrCsv()
    {
        // Given: the same rows as CSV text and as a JSON array (numbers as numbers, a missing cell as null)
        var csv = SyntheticData.Csv(30, seed: 4, withLabel: false);
        var lines = csv.TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        var records = lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First,
            p => double.TryParse(p.Second, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? (object?)n : p.Second == "" ? null : p.Second));

        // When
        using var byJson = await served.Client.PostAsync("/predict", Json(JsonSerializer.Serialize(records)));
        using var byCsv = await served.Client.PostAsync("/predict", new StringContent(csv, Encoding.UTF8, "text/csv"));

        // Then: 200, one score per record in input order, the runtime's scores, and the interval around each
        Assert.Equal(HttpStatusCode.OK, byJson.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byCsv.StatusCode);
        var body = await BodyAsync(byJson);
        var json = body.GetProperty("scores").EnumerateArray().Select(s => s.GetSingle()).ToArray();
        Assert.Equal(json.Select(s => s - 2f), body.GetProperty("lower").EnumerateArray().Select(s => s.GetSingle()));
        Assert.Equal(json.Select(s => s + 2f), body.GetProperty("upper").EnumerateArray().Select(s => s.GetSingle()));
        var fromCsv = (await BodyAsync(byCsv)).GetProperty("scores").EnumerateArray().Select(s => s.GetSingle()).ToArray();
        Assert.Equal(Expected(csv), fromCsv);
        Assert.Equal(fromCsv, json);
        Assert.True(json.Distinct().Count() > 20, "the scores depend on the records");
    }

    [Fact]
    public async Task Predict_Should_Answer400NamingRecordFieldAndValue_When_ARecordIsBad()
    {
        // Given: the second record's x1 is not a number, and a CSV body lacking a column
        const string Bad = """[{"x1":1,"x2":2,"x3":0,"city":"a","flag":"yes"},{"x1":"abc","x2":2,"x3":0,"city":"a","flag":"no"}]""";

        // When
        using var json = await served.Client.PostAsync("/predict", Json(Bad));
        using var csv = await served.Client.PostAsync("/predict", new StringContent("x1,x2,city,flag\n1,2,a,yes\n", Encoding.UTF8, "text/csv"));
        using var notJson = await served.Client.PostAsync("/predict", Json("[{"));

        // Then
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var error = await BodyAsync(json);
        Assert.Equal("record 1: field 'x1': not a number (value 'abc')", error.GetProperty("error").GetString());
        Assert.Equal((1, "x1", "abc"), (error.GetProperty("record").GetInt32(), error.GetProperty("field").GetString(), error.GetProperty("value").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        Assert.Equal("line 1: field 'x3': required column is missing from the header", (await BodyAsync(csv)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.StartsWith("the body is not valid JSON", (await BodyAsync(notJson)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Predict_Should_Answer413_When_TheBodyIsOverTheLimit()
    {
        // Given: a CSV body just over the limit, sent with its length and chunked (no length known up front), and a
        // declared length far over it, sent as large uploads should be, waiting for 100-continue
        var big = "x1,x2,x3,city,flag\n" + string.Concat(Enumerable.Repeat("1,2,3,a,yes\n", (int)(ServedModel.MaxBodyBytes / 12) + 10));
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var request = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var huge = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = new ByteArrayContent(new byte[ServedModel.MaxBodyBytes * 8 + 2 * 1024 * 1024]) };
        huge.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        huge.Headers.ExpectContinue = true;

        // When
        using var sized = await served.Client.PostAsync("/predict", new StringContent(big, Encoding.UTF8, "text/csv"));
        using var streamed = await served.Client.SendAsync(request);
        using var declared = await served.Client.SendAsync(huge);

        // Then
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sized.StatusCode);
        Assert.Contains($"limit of {ServedModel.MaxBodyBytes} bytes", (await BodyAsync(sized)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
    }

    [Fact]
    public async Task Schema_Should_DescribeOneRecordWithAnExampleThatScores_When_Asked()
    {
        // Given / When
        using var response = await served.Client.GetAsync("/schema");
        var body = await BodyAsync(response);
        using var example = await served.Client.PostAsync("/predict", Json($"[{body.GetProperty("example").GetRawText()}]"));

        // Then: every field the model uses is required and typed; the example record is accepted
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schema = body.GetProperty("schema");
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(["city", "flag", "x1", "x2", "x3"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("number", schema.GetProperty("properties").GetProperty("x1").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.OK, example.StatusCode);
    }

    [Fact]
    public async Task Healthz_Metrics_And_OpenApi_Should_Answer_When_TheServerIsUp()
    {
        // Given: one prediction and one bad request made
        using (await served.Client.PostAsync("/predict", Json("""[{"x1":1,"x2":2,"x3":0,"city":"a","flag":"yes"}]"""))) { }
        using (await served.Client.PostAsync("/predict", Json("""[{"x1":1}]"""))) { }

        // When
        var health = await served.Client.GetAsync("/healthz");
        var metrics = await served.Client.GetStringAsync("/metrics");
        var openApi = await served.Client.GetStringAsync("/openapi/v1.json");

        // Then: requests, errors and the latency histogram in Prometheus text; the OpenAPI document lists /predict
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Matches(@"mlpipeline_requests_total\{endpoint=""/predict""\} [1-9]", metrics);
        Assert.Matches(@"mlpipeline_request_errors_total\{endpoint=""/predict"",status=""400""\} [1-9]", metrics);
        Assert.Contains("mlpipeline_request_duration_seconds_bucket{endpoint=\"/predict\",le=", metrics);
        Assert.Contains("mlpipeline_records_scored_total", metrics);
        Assert.Contains("mlpipeline_requests_in_flight{endpoint=\"/metrics\"} 1", metrics);
        using var document = JsonDocument.Parse(openApi);
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/predict", out _), openApi[..Math.Min(300, openApi.Length)]);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Serve_Should_FinishTheRequestInFlightAndExit0_When_SentSigtermOrCtrlC(string signal)
    {
        // Given: a second server, and a request whose body is half sent
        var (server, address) = ServedModel.Start(Path.GetDirectoryName(served.ModelPath)!, served.ModelPath, "--quiet");
        using var owned = server;
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        var gate = new TaskCompletionSource();
        var content = new GatedContent("x1,x2,x3,city,flag\n1,2,3,a,yes\n", "2,1,0,b,no\n", gate.Task);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var pending = client.PostAsync("/predict", content);
        await content.FirstHalfSent;
        await InFlightAsync(client); // until the server is handling it, the request is only bytes in a socket, which a stop may drop

        // When: SIGTERM (or SIGINT, as Ctrl+C sends) arrives mid-request, then the rest of the body
        Signal(server.Id, signal);
        await Task.Delay(300);
        gate.SetResult();
        using var response = await pending;

        // Then: the request is answered in full (a model without interval outputs gives no bounds), and the process ends with exit code 0
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await BodyAsync(response);
        Assert.Equal(2, answer.GetProperty("scores").GetArrayLength());
        Assert.False(answer.TryGetProperty("lower", out _));
        Assert.True(server.WaitForExitOrTimeout(TimeSpan.FromSeconds(30)), $"serve did not stop after SIG{signal}");
        Assert.Equal(0, server.ExitCodeOrNull);
    }

    [Fact]
    public void Serve_Should_ExitWithBadInputNamingTheFolder_When_ItHasNoModelOnnx()
    {
        // Given: a folder without model.onnx, and a file that is not a model
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(served.ModelPath))!, "empty")).FullName;
        var notModel = served.Write("not-a-model.onnx", "hello");

        // When: nothing starts listening
        var noOnnx = CliRunner.Run("serve", "--model", folder);
        var broken = CliRunner.Run("serve", "--model", notModel);

        // Then
        Assert.Equal(2, noOnnx.ExitCode);
        Assert.StartsWith($"error: {folder}: no model.onnx in the folder", noOnnx.Error);
        Assert.Equal(2, broken.ExitCode);
        Assert.StartsWith($"error: {notModel}: not a loadable ONNX model", broken.Error);
        Assert.Single(broken.Error.Trim().Split('\n'));
    }

    private static async Task InFlightAsync(HttpClient client)
    {
        for (var wait = 0; wait < 200; wait++)
        {
            if ((await client.GetStringAsync("/metrics")).Contains("mlpipeline_requests_in_flight{endpoint=\"/predict\"} 1", StringComparison.Ordinal)) return;
            await Task.Delay(50);
        }
        Assert.Fail("the request never reached the server");
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kill")
        {
            ArgumentList = { $"-{signal}", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false,
        })!;
        kill.WaitForExit();
    }

    /// <summary>A request body sent in two parts, the second only once <paramref name="gate"/> opens.</summary>
    private sealed class GatedContent(string first, string second, Task gate) : HttpContent
    {
        private readonly TaskCompletionSource _firstSent = new();

        public Task FirstHalfSent => _firstSent.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(first));
            await stream.FlushAsync();
            _firstSent.SetResult();
            await gate;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(second));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }

    }
}
