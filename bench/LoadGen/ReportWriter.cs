using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TraceGrains.Bench.LoadGen;

/// <summary>The report as text for stdout, and as JSON.</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string ToJson(RunReport r) => JsonSerializer.Serialize(r, Json);

    public static string ToText(RunReport r)
    {
        var b = new StringBuilder();
        void Line(FormattableString s) => b.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        var s = r.Settings;
        var m = r.Measured;
        Line($"workload     {r.Workload} -> {r.Target}");
        Line($"shape        {s.SpansPerRequest} spans/request over {s.TracesPerRequest} trace(s); pool {s.Traces} traces x {s.SpansPerTrace} spans ({s.Pick}); seed {s.Seed}, run id {s.RunId}");
        Line($"load         concurrency {s.Concurrency}, {(s.Loop == "closed" ? "closed loop, as fast as possible" : $"open loop at {s.TargetRequestsPerSecond:0.#} requests/s ({s.TargetSpansPerSecond:0.#} spans/s)")}");
        Line($"measured     {m.Seconds:0.0} s after {s.WarmupS:0.#} s warm-up{(r.Interrupted ? " (interrupted)" : "")}");
        Line($"throughput   {m.AckedSpansPerS:0.0} acknowledged spans/s   {m.RequestsPerS:0.0} requests/s   ({m.AckedSpans} of {m.SpansSent} spans acknowledged, {m.Requests} requests)");
        Line($"latency ms   p50 {m.LatencyMs.P50:0.00}  p95 {m.LatencyMs.P95:0.00}  p99 {m.LatencyMs.P99:0.00}  max {m.LatencyMs.Max:0.00}   (send to answer)");
        if (m.LatencyFromScheduleMs is { } f)
            Line($"from sched.  p50 {f.P50:0.00}  p95 {f.P95:0.00}  p99 {f.P99:0.00}  max {f.Max:0.00}   (scheduled time to answer; {m.LateStarts} requests started >10 ms late)");
        Line($"answers      {Counts(m.Answers)}");
        Line($"errors       {Counts(m.Errors)}");
        if (m.PartialRequests > 0) Line($"refused      {m.RejectedSpans} spans in {m.PartialRequests} partially accepted requests");
        Line($"warm-up      {r.Warmup.Requests} requests ({Counts(r.Warmup.Answers)}); drain {r.Drain.Requests} requests ({Counts(r.Drain.Answers)})");
        var g = r.Generator;
        Line($"generator    CPU {g.CpuSMeasured:0.00} s over the measured phase ({g.CpuPercentOfOneCore:0} % of one core); {g.CpuSTotal:0.00} s in all");
        Line($"prebuild     {g.PrebuiltRequests} requests ({g.PrebuiltMb:0.0} MB) in {g.PrebuildCpuS:0.00} s CPU; {g.BuiltDuringRun} built during the run; {g.TracesStarted} trace ids used");
        if (r.Server is { } sv)
            Line($"server       pid {sv.Pid}: CPU {sv.CpuSMeasured:0.00} s over the measured phase ({sv.CpuPercentOfOneCore:0} % of one core)");
        if (r.Verify is { } v)
        {
            Line($"verify       {v.Mode}: {v.Traces} traces, {v.Verified} verified, {v.NotFound} not found, {v.MissingSpans} acknowledged spans missing, {v.Mismatches} mismatched, {v.Unreadable} unreadable, {v.Unverified} not checked{(v.TimedOut ? " (deadline)" : "")} -> {(v.Ok ? "OK" : "FAILED")}");
            foreach (var e in v.Examples) Line($"             {e.TraceId}: {e.Message}");
        }
        return b.ToString();
    }

    private static string Counts(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key} x{c.Value}"));
}
