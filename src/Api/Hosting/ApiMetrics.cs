using System.Diagnostics.Metrics;

namespace TraceGrains.Api.Hosting;

/// <summary>
/// Counters of what the API node refuses before anything reaches a grain, on one meter
/// (<c>TraceGrains.Api</c>). Three counters, because they answer different questions:
/// <list type="bullet">
/// <item><c>tracegrains.requests.refused{status, field}</c>: every request refused for what it carries
/// (400, 413, 415; gRPC INVALID_ARGUMENT), malformed or over a limit, by the field it names: which
/// input clients get wrong, and hostile traffic.</item>
/// <item><c>tracegrains.limits.exceeded{limit, workspace}</c>: requests over a configured limit, by the
/// setting's name and the workspace, including the per-workspace rate limit (429): which tenant keeps
/// hitting which setting. A refused field over a limit is counted in both.</item>
/// <item><c>tracegrains.auth.refused{reason}</c>: requests without a valid key, or with the wrong kind.</item>
/// </list>
/// Limits enforced in trace grains are counted there (<c>tracegrains.spans.rejected</c>, <c>tracegrains.feedback.rejected</c>).
/// </summary>
public static class ApiMetrics
{
    public const string MeterName = "TraceGrains.Api";
    public const string LimitsExceededName = "tracegrains.limits.exceeded";
    public const string AuthRefusedName = "tracegrains.auth.refused";
    public const string RequestsRefusedName = "tracegrains.requests.refused";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> LimitsExceeded = Meter.CreateCounter<long>(LimitsExceededName);
    private static readonly Counter<long> AuthRefused = Meter.CreateCounter<long>(AuthRefusedName);
    private static readonly Counter<long> RequestsRefused = Meter.CreateCounter<long>(RequestsRefusedName);

    // The field tag is the top-level field from a fixed list, else "other": clients cannot grow its cardinality.
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "body", "Content-Type", "Content-Encoding", "metadata", "request", "response", "resourceSpans", "message",
        "trace_id", "feedback_id", "id", "value", "weight", "cursor", "page_size", "start_time_from", "start_time_to",
        "sort_by", "order", "query", "min_cost_usd", "max_cost_usd", "min_duration_ms", "max_duration_ms",
        "min_feedback_score", "max_feedback_score", "has_error", "x-portkey-trace-id", "x-portkey-span-id",
        "x-portkey-parent-span-id",
    };

    /// <summary>
    /// <paramref name="limit"/> is the setting's name, e.g. <c>MaxRequestBodyBytes</c>; the workspace
    /// (empty before authentication) shows which tenant keeps hitting it.
    /// </summary>
    public static void LimitExceeded(string limit, string? workspace) => LimitsExceeded.Add(1,
        new KeyValuePair<string, object?>("limit", limit), new KeyValuePair<string, object?>("workspace", workspace ?? ""));

    public static void Refused(string reason) => AuthRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A request refused for its content, with the status answered and the field named (its top level).</summary>
    public static void RequestRefused(int status, string field)
    {
        var root = field.Split('.', '[')[0];
        if (root.Length == 0 && field.StartsWith('[')) root = "body";
        RequestsRefused.Add(1, new KeyValuePair<string, object?>("status", status),
            new KeyValuePair<string, object?>("field", KnownFields.Contains(root) ? root : "other"));
    }
}
