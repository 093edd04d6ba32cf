using Google.Protobuf;
using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Query;

/// <summary>The JSON mirror of the query service: the same messages in protobuf's JSON mapping.</summary>
public static class TraceJsonEndpoints
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/traces", (HttpContext http, TraceLister lister) =>
            Json(async () => await lister.ListAsync(ListQueryParameters.Parse(http.Request.Query))));
        app.MapGet("/v1/traces/{traceId}", (string traceId, TraceReader reader) =>
            Json(() => reader.GetTraceAsync(traceId), traceId));
        app.MapGet("/v1/traces/{traceId}/summary", (string traceId, TraceReader reader) =>
            Json(() => reader.GetSummaryAsync(traceId), traceId));
        app.MapGet("/v1/traces/{traceId}/feedback", (string traceId, TraceReader reader) =>
            Json(() => reader.ListFeedbackAsync(traceId), traceId));
    }

    /// <summary>Bad parameters throw <see cref="FieldException"/>, which the exception handler answers with 400.</summary>
    private static async Task<IResult> Json<T>(Func<Task<T?>> read, string? traceId = null) where T : class, IMessage =>
        await read() is { } message
            ? Results.Text(Formatter.Format(message), "application/json")
            : Problems.NotFound($"trace_id: no trace '{traceId}'");
}
