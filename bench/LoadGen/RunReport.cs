namespace TraceGrains.Bench.LoadGen;

/// <summary>The final report; printed as text and, with --out, written as JSON (snake_case).</summary>
internal sealed record RunReport(
    string Workload,
    string Target,
    DateTimeOffset StartedUtc,
    RunSettings Settings,
    MeasuredPhase Measured,
    OtherPhase Warmup,
    OtherPhase Drain,
    GeneratorCost Generator,
    ServerCost? Server,
    VerifyReport? Verify,
    bool Interrupted);

internal sealed record RunSettings(
    int Traces, int SpansPerTrace, int SpansPerRequest, int TracesPerRequest, string Pick,
    int Concurrency, string Loop, double? TargetRequestsPerSecond, double? TargetSpansPerSecond,
    double DurationS, double WarmupS, double TimeoutS, int Seed, string RunId, bool ApiKey);

internal sealed record MeasuredPhase(
    double Seconds,
    long Requests,
    double RequestsPerS,
    long SpansSent,
    long AckedSpans,
    double AckedSpansPerS,
    long PartialRequests,
    long RejectedSpans,
    Latency LatencyMs,
    Latency? LatencyFromScheduleMs,
    long LateStarts,
    IReadOnlyDictionary<string, long> Answers,
    IReadOnlyDictionary<string, long> Errors);

internal sealed record OtherPhase(long Requests, long AckedSpans, IReadOnlyDictionary<string, long> Answers, IReadOnlyDictionary<string, long> Errors)
{
    public static OtherPhase Of(PhaseStats s) => new(s.Requests, s.AckedSpans, Sorted(s.Statuses), Sorted(s.Errors));
    public static SortedDictionary<string, long> Sorted(IEnumerable<KeyValuePair<string, long>> counts) => new(counts.ToDictionary(), StringComparer.Ordinal);
}

internal sealed record Latency(long Count, double P50, double P95, double P99, double Max)
{
    public static Latency Of(LatencyHistogram h) => new(h.Count, h.PercentileMs(0.50), h.PercentileMs(0.95), h.PercentileMs(0.99), h.MaxMs);
}

internal sealed record GeneratorCost(
    double CpuSMeasured, double CpuPercentOfOneCore, double CpuSTotal, double PrebuildCpuS, int PrebuiltRequests,
    double PrebuiltMb, long BuiltDuringRun, long TracesStarted);

internal sealed record ServerCost(int Pid, double? CpuSMeasured, double? CpuPercentOfOneCore);
