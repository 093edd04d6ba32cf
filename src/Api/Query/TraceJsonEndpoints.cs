using Google.Protobuf;
using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Query;

/// <summary>The JSON mirror of the query service: the same messages in protobuf's JSON mapping.</summary>
public static class TraceJsonEndpoints
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/traces/{traceId}", async (string traceId, TraceReader reader) =>
        {
            try
            {
                var trace = await reader.GetTraceAsync(traceId);
                return trace is null
                    ? Problems.NotFound($"trace_id: no trace '{traceId}'")
                    : Results.Text(Formatter.Format(trace), "application/json");
            }
            catch (ArgumentException e)
            {
                return Problems.BadField("trace_id", e.Message["trace_id: ".Length..]);
            }
        });
}
