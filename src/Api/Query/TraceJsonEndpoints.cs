using Google.Protobuf;
using TraceGrains.Api.Auth;
using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Query;

/// <summary>The JSON mirror of the query service: the same messages in protobuf's JSON mapping, scoped to the key's workspace.</summary>
public static class TraceJsonEndpoints
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static void Map(IEndpointRouteBuilder app)
    {
        var traces = app.MapGroup("/v1/traces").RequireAuthorization(AuthPolicies.Workspace);
        traces.MapGet("", (HttpContext http, TraceLister lister) =>
            Json(async () => await lister.ListAsync(http.WorkspaceId(), ListQueryParameters.Parse(http.Request.Query))));
        traces.MapGet("/{traceId}", (string traceId, HttpContext http, TraceReader reader) =>
            Json(() => reader.GetTraceAsync(http.WorkspaceId(), traceId), traceId));
        traces.MapGet("/{traceId}/summary", (string traceId, HttpContext http, TraceReader reader) =>
            Json(() => reader.GetSummaryAsync(http.WorkspaceId(), traceId), traceId));
        traces.MapGet("/{traceId}/feedback", (string traceId, HttpContext http, TraceReader reader) =>
            Json(() => reader.ListFeedbackAsync(http.WorkspaceId(), traceId), traceId));
    }

    /// <summary>Bad parameters throw <see cref="FieldException"/>, which the exception handler answers with 400.</summary>
    private static async Task<IResult> Json<T>(Func<Task<T?>> read, string? traceId = null) where T : class, IMessage =>
        await read() is { } message
            ? Results.Text(Formatter.Format(message), "application/json")
            : Problems.NotFound($"trace_id: no trace '{traceId}'");
}
