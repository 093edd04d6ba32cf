using System.Diagnostics.Metrics;

namespace TraceGrains.Api.Hosting;

/// <summary>
/// Counters of what the API node refuses before anything reaches a grain: requests over a limit
/// (tagged with the limit's setting name) and requests without a valid key (tagged with why).
/// Limits enforced in trace grains are counted there (<c>tracegrains.spans.rejected</c>, <c>tracegrains.feedback.rejected</c>).
/// </summary>
public static class ApiMetrics
{
    public const string MeterName = "TraceGrains.Api";
    public const string LimitsExceededName = "tracegrains.limits.exceeded";
    public const string AuthRefusedName = "tracegrains.auth.refused";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> LimitsExceeded = Meter.CreateCounter<long>(LimitsExceededName);
    private static readonly Counter<long> AuthRefused = Meter.CreateCounter<long>(AuthRefusedName);

    /// <summary>
    /// <paramref name="limit"/> is the setting's name, e.g. <c>MaxRequestBodyBytes</c>; the workspace
    /// (empty before authentication) shows which tenant keeps hitting it.
    /// </summary>
    public static void LimitExceeded(string limit, string? workspace) => LimitsExceeded.Add(1,
        new KeyValuePair<string, object?>("limit", limit), new KeyValuePair<string, object?>("workspace", workspace ?? ""));

    public static void Refused(string reason) => AuthRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
