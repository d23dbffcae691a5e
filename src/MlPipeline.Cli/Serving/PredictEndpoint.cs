using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MlPipeline.Runtime;

namespace MlPipeline.Cli.Serving;

/// <summary>
/// <c>POST /predict</c>: a JSON array of records (or one record), or CSV text with <c>Content-Type: text/csv</c>;
/// the answer holds one score per record in input order. A bad record is 400 naming record, field and value; a body
/// over the limit is 413; another content type is 415.
/// </summary>
internal sealed class PredictEndpoint(OnnxModel model, ServerMetrics metrics, long maxBodyBytes)
{
    /// <summary>
    /// How far past the limit a body is still read (and dropped) before the 413, so the client gets the answer: a
    /// server that closes with unread bytes resets the connection, and the client may lose the 413. Kestrel stops
    /// a body at this bound (and a declared length beyond it is refused before reading).
    /// </summary>
    public static long DrainLimit(long maxBodyBytes) => maxBodyBytes * 4 + 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > DrainLimit(maxBodyBytes)) return TooLarge();
        var mediaType = (request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();
        var csv = mediaType is "text/csv";
        if (!csv && !(mediaType is "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal)))
        {
            return Results.Json(new ErrorResponse($"unsupported content type '{mediaType}': send application/json (an array of records) or text/csv"),
                ScoringServer.Json, statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        try
        {
            var body = await ReadBodyAsync(request, cancellationToken);
            if (body is null) return TooLarge();
            Prediction[] predictions;
            if (csv)
            {
                predictions = model.ScoreCsv(new StringReader(new UTF8Encoding(false).GetString(body)));
            }
            else
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
                {
                    return Bad(new ErrorResponse("the body must be a JSON array of records (objects)"));
                }
                predictions = model.ScoreJson(document.RootElement);
            }
            metrics.RecordsScored(predictions.Length);
            return Results.Json(new PredictResponse(
                [.. predictions.Select(p => p.Score)],
                model.HasInterval ? [.. predictions.Select(p => p.Lower ?? float.NaN)] : null,
                model.HasInterval ? [.. predictions.Select(p => p.Upper ?? float.NaN)] : null), ScoringServer.Json);
        }
        catch (RecordValidationException e)
        {
            return Bad(new ErrorResponse(e.Message, e.Record, e.Line, e.Field, e.Value));
        }
        catch (JsonException e)
        {
            return Bad(new ErrorResponse($"the body is not valid JSON: {e.Message.Split('\n')[0]}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
    }

    /// <summary>The body, or null when it is over the limit (then read to its end, up to <see cref="DrainLimit"/>, and dropped).</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var kept = new MemoryStream();
        var chunk = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total <= maxBodyBytes) kept.Write(chunk, 0, read);
        }
        return total > maxBodyBytes ? null : kept.ToArray();
    }

    private static IResult Bad(ErrorResponse error) => Results.Json(error, ScoringServer.Json, statusCode: StatusCodes.Status400BadRequest);

    private IResult TooLarge() =>
        Results.Json(new ErrorResponse($"the body is larger than the limit of {maxBodyBytes} bytes (--max-body-bytes)"), ScoringServer.Json,
            statusCode: StatusCodes.Status413PayloadTooLarge);
}
