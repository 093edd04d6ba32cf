using Microsoft.Extensions.Options;
using TraceGrains.Api.Auth;
using TraceGrains.Api.Errors;
using TraceGrains.Api.Hosting;
using TraceGrains.Api.Ingest;

namespace TraceGrains.Api.Portkey;

/// <summary>
/// Portkey's Insert Log and Feedback APIs, as the unmodified portkey-ai SDK calls them. Everything
/// is read and written in the workspace of the request's key.
/// </summary>
public static class PortkeyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/logs", InsertLogsAsync).RequireAuthorization(AuthPolicies.Workspace);
        app.MapPost("/v1/feedback", CreateFeedbackAsync).RequireAuthorization(AuthPolicies.Workspace);
        app.MapPut("/v1/feedback/{id}", UpdateFeedbackAsync).RequireAuthorization(AuthPolicies.Workspace);
    }

    private static async Task<IResult> InsertLogsAsync(
        HttpContext http, SpanIngestor ingestor, ApiOptions options, TimeProvider time, CancellationToken ct)
    {
        using var document = await JsonBody.ReadAsync(http.Request, ct);
        var items = JsonBody.Items(document.RootElement, options.MaxItemsPerRequest);
        var headers = TraceHeaders.From(http.Request.Headers);
        var now = time.GetUtcNow();
        var spans = items.Select(x => PortkeyLogParser.Parse(x.Item, x.Path, headers, now, options.MaxIdLength)).ToList();

        var outcomes = await ingestor.IngestAsync(http.WorkspaceId(), spans);

        http.Response.Headers[TraceHeaders.TraceIdHeader] = spans[0].TraceId;
        return Results.Ok(new
        {
            status = outcomes.All(o => o is null) ? "success" : "partial",
            results = spans.Select((s, i) => new
            {
                trace_id = s.TraceId,
                span_id = s.SpanId,
                accepted = outcomes[i] is null,
                error = outcomes[i]?.Message,
            }),
        });
    }

    private static async Task<IResult> CreateFeedbackAsync(
        HttpContext http, IGrainFactory grains, ApiOptions options, IOptions<Grains.TraceLimitsOptions> limits,
        TimeProvider time, CancellationToken ct)
    {
        using var document = await JsonBody.ReadAsync(http.Request, ct);
        var items = JsonBody.Items(document.RootElement, options.MaxItemsPerRequest);
        var parsed = items.Select(x => FeedbackParser.ParseCreate(x.Item, x.Path, limits.Value, options.MaxIdLength)).ToList();
        var workspace = http.WorkspaceId();

        // Check every trace first so that a request naming an unknown trace saves nothing.
        foreach (var traceId in parsed.Select(f => f.TraceId).Distinct(StringComparer.Ordinal))
        {
            if (await grains.Trace(workspace, traceId).GetSummaryAsync() is null)
                return Problems.NotFound($"trace_id: no trace '{traceId}'");
        }

        var ids = new List<string>(parsed.Count);
        foreach (var f in parsed)
        {
            var id = Guid.NewGuid();
            var now = time.GetUtcNow();
            // Link first: an update can then always find the trace of feedback that was acknowledged.
            var feedback = new FeedbackRecord(id, f.Value, f.Weight, f.Metadata, now, now);
            await GrainRetry.IdempotentAsync(async () =>
            {
                await grains.GetGrain<IFeedbackLinkGrain>(LinkKey(workspace, id)).LinkAsync(f.TraceId);
                return true;
            });
            var outcome = await GrainRetry.IdempotentAsync(() => grains.Trace(workspace, f.TraceId).AddFeedbackAsync(feedback));
            if (Failure(outcome, f.TraceId) is { } failure) return failure;
            ids.Add(id.ToString());
        }
        return Results.Ok(new { status = "success", message = $"{ids.Count} feedback saved", feedback_ids = ids });
    }

    private static async Task<IResult> UpdateFeedbackAsync(
        string id, HttpContext http, IGrainFactory grains, IOptions<Grains.TraceLimitsOptions> limits, CancellationToken ct)
    {
        using var document = await JsonBody.ReadAsync(http.Request, ct);
        var body = document.RootElement;
        var fromBody = body.ValueKind == System.Text.Json.JsonValueKind.Object
            ? Json.OptionalString(body, "", "feedback_id", "feedbackID", "feedbackId") : null;
        // The SDK puts the id in the body too, and sends "undefined" in the path when given feedbackId.
        var pathId = Guid.TryParse(id, out var parsedPath) ? parsedPath : (Guid?)null;
        Guid? bodyId = fromBody is null ? null : Guid.TryParse(fromBody, out var parsedBody) ? parsedBody
            : throw new FieldException("feedback_id", "must be a UUID");
        if (pathId is { } p && bodyId is { } b && p != b)
            throw new FieldException("feedback_id", "differs from the id in the path");
        var feedbackId = pathId ?? bodyId ?? throw new FieldException("id", "must be a UUID");

        var update = FeedbackParser.ParseUpdate(body, feedbackId, limits.Value);
        var workspace = http.WorkspaceId();
        var traceId = await grains.GetGrain<IFeedbackLinkGrain>(LinkKey(workspace, feedbackId)).GetTraceIdAsync();
        if (traceId is null) return Problems.NotFound($"id: no feedback '{feedbackId}'");
        var outcome = await grains.Trace(workspace, traceId).UpdateFeedbackAsync(update);
        if (Failure(outcome, traceId) is { } failure) return failure;
        return Results.Ok(new { status = "success", message = "feedback updated", feedback_ids = new[] { feedbackId.ToString() } });
    }

    private static IResult? Failure(FeedbackOutcome outcome, string traceId) => outcome switch
    {
        FeedbackOutcome.Saved => null,
        FeedbackOutcome.TraceNotFound => Problems.NotFound($"trace_id: no trace '{traceId}'"),
        FeedbackOutcome.FeedbackNotFound => Problems.NotFound("id: no such feedback on its trace"),
        _ => Problems.BadField("feedback", $"trace '{traceId}' already holds the maximum number of feedback entries (TraceGrains:Limits:MaxFeedbackPerTrace)"),
    };

    private static string LinkKey(string workspace, Guid id) => $"{workspace}/{id:D}";
}
