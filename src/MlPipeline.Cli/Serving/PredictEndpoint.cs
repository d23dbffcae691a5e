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
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes) return TooLarge();
        var mediaType = (request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();
        try
        {
            Prediction[] predictions;
            if (mediaType is "text/csv")
            {
                using var reader = new StreamReader(request.Body);
                var text = await reader.ReadToEndAsync(cancellationToken);
                predictions = model.ScoreCsv(new StringReader(text));
            }
            else if (mediaType is "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                if (document.RootElement.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
                {
                    return Bad(new ErrorResponse("the body must be a JSON array of records (objects)"));
                }
                predictions = model.ScoreJson(document.RootElement);
            }
            else
            {
                return Results.Json(new ErrorResponse($"unsupported content type '{mediaType}': send application/json (an array of records) or text/csv"),
                    ScoringServer.Json, statusCode: StatusCodes.Status415UnsupportedMediaType);
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

    private static IResult Bad(ErrorResponse error) => Results.Json(error, ScoringServer.Json, statusCode: StatusCodes.Status400BadRequest);

    private IResult TooLarge() =>
        Results.Json(new ErrorResponse($"the body is larger than the limit of {maxBodyBytes} bytes (--max-body-bytes)"), ScoringServer.Json,
            statusCode: StatusCodes.Status413PayloadTooLarge);
}
