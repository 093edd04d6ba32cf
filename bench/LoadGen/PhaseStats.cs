using System.Collections.Concurrent;

namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// What happened to the requests that completed in one phase (warm-up, measured, drain). Latency is
/// from the moment the request was sent; with --rate also from the moment it was scheduled, which
/// adds any wait for a free slot (so a server falling behind shows in the tail: no coordinated omission).
/// </summary>
internal sealed class PhaseStats
{
    private long _requests, _spans, _acked, _partial, _rejectedSpans;

    public long Requests => Interlocked.Read(ref _requests);
    public long SpansSent => Interlocked.Read(ref _spans);
    public long AckedSpans => Interlocked.Read(ref _acked);
    public long PartialRequests => Interlocked.Read(ref _partial);
    public long RejectedSpans => Interlocked.Read(ref _rejectedSpans);
    public LatencyHistogram Latency { get; } = new();
    public LatencyHistogram FromSchedule { get; } = new();
    public ConcurrentDictionary<string, long> Statuses { get; } = new();
    public ConcurrentDictionary<string, long> Errors { get; } = new();

    public void Record(Answer answer, int spans, TimeSpan latency, TimeSpan? fromSchedule)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _spans, spans);
        if (answer.Success) Interlocked.Add(ref _acked, spans - Math.Min(spans, answer.Rejected));
        if (answer.Success && answer.Rejected > 0)
        {
            Interlocked.Increment(ref _partial);
            Interlocked.Add(ref _rejectedSpans, answer.Rejected);
        }
        Statuses.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
        if (answer.ErrorKind is { } kind) Errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
        Latency.Record(latency);
        if (fromSchedule is { } s) FromSchedule.Record(s);
    }

    /// <summary>Answers that are not success: non-2xx HTTP, non-OK gRPC, no answer at all.</summary>
    public long NotOk => Statuses.Where(s => !(s.Key.StartsWith('2') || s.Key == "OK")).Sum(s => s.Value);
}
