using System.Diagnostics.Metrics;

namespace TraceGrains.Grains;

/// <summary>Counters of what trace grains accept and refuse, and how many spans they hold in memory.</summary>
public static class IngestMetrics
{
    public static readonly Meter Meter = new("TraceGrains.Ingest");
    private static readonly Counter<long> Accepted = Meter.CreateCounter<long>("tracegrains.spans.accepted");
    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>("tracegrains.spans.rejected");
    private static readonly Counter<long> FeedbackRejectedCounter = Meter.CreateCounter<long>("tracegrains.feedback.rejected");
    private static readonly Counter<long> Snapshots = Meter.CreateCounter<long>("tracegrains.snapshots");
    private static readonly Counter<long> Checkpoints = Meter.CreateCounter<long>("tracegrains.checkpoints");
    private static readonly Counter<long> IndexDropped = Meter.CreateCounter<long>("tracegrains.index.dropped");
    private static long _accepted, _activeTraces, _activeSpans, _checkpoints, _snapshots;

    static IngestMetrics()
    {
        Meter.CreateObservableGauge("tracegrains.traces.active", () => ActiveTraces);
        Meter.CreateObservableGauge("tracegrains.spans.active", () => ActiveSpans);
    }

    /// <summary>Spans accepted by this process's grains since it started (a span sent twice counts twice).</summary>
    public static long AcceptedTotal => Interlocked.Read(ref _accepted);
    /// <summary>Trace grains active in this process.</summary>
    public static long ActiveTraces => Interlocked.Read(ref _activeTraces);
    /// <summary>Spans held by the active trace grains of this process.</summary>
    public static long ActiveSpans => Interlocked.Read(ref _activeSpans);
    public static long CheckpointsTotal => Interlocked.Read(ref _checkpoints);
    public static long SnapshotsTotal => Interlocked.Read(ref _snapshots);

    public static void SpansAccepted(int count)
    {
        Interlocked.Add(ref _accepted, count);
        Accepted.Add(count);
    }

    public static void SpanRejected(RejectionReason reason) =>
        Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    /// <summary>Feedback refused because its trace holds <c>MaxFeedbackPerTrace</c> entries.</summary>
    public static void FeedbackRejected(string workspace) => FeedbackRejectedCounter.Add(1,
        new KeyValuePair<string, object?>("reason", "MaxFeedbackPerTrace"), new KeyValuePair<string, object?>("workspace", workspace));

    public static void SnapshotWritten()
    {
        Interlocked.Increment(ref _snapshots);
        Snapshots.Add(1);
    }

    public static void CheckpointWritten()
    {
        Interlocked.Increment(ref _checkpoints);
        Checkpoints.Add(1);
    }

    /// <summary>An index entry refused because the silo's outbox holds <c>MaxPendingEntries</c>.</summary>
    public static void IndexEntryDropped() => IndexDropped.Add(1, new KeyValuePair<string, object?>("limit", "MaxPendingEntries"));

    public static void TraceActivated() => Interlocked.Increment(ref _activeTraces);
    public static void TraceDeactivated() => Interlocked.Decrement(ref _activeTraces);
    public static void SpansHeld(long delta) => Interlocked.Add(ref _activeSpans, delta);
}
