using System.Diagnostics.Metrics;

namespace TraceGrains.Api.Errors;

/// <summary>
/// Counts every client error the node answers (<c>tracegrains.requests.refused{status, field}</c>), so
/// that limits being hit and hostile traffic show on a dashboard. The field tag is the top-level
/// field from a fixed list, else "other": clients cannot grow its cardinality.
/// </summary>
public static class RefusalMetrics
{
    public static readonly Meter Meter = new("TraceGrains.Api");
    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("tracegrains.requests.refused");

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "body", "Content-Type", "Content-Encoding", "metadata", "request", "response", "resourceSpans", "message",
        "trace_id", "feedback_id", "id", "value", "weight", "cursor", "page_size", "start_time_from", "start_time_to",
        "sort_by", "order", "query", "min_cost_usd", "max_cost_usd", "min_duration_ms", "max_duration_ms",
        "min_feedback_score", "max_feedback_score", "has_error", "x-portkey-trace-id", "x-portkey-span-id",
        "x-portkey-parent-span-id",
    };

    public static void Count(int status, string field)
    {
        var root = field.Split('.', '[')[0];
        if (root.Length == 0 && field.StartsWith('[')) root = "body";
        Refused.Add(1, new KeyValuePair<string, object?>("status", status),
            new KeyValuePair<string, object?>("field", KnownFields.Contains(root) ? root : "other"));
    }
}
