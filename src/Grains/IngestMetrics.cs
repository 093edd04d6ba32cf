using System.Diagnostics.Metrics;

namespace TraceGrains.Grains;

/// <summary>Counters of what trace grains accept and refuse.</summary>
internal static class IngestMetrics
{
    public static readonly Meter Meter = new("TraceGrains.Ingest");
    private static readonly Counter<long> Accepted = Meter.CreateCounter<long>("tracegrains.spans.accepted");
    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>("tracegrains.spans.rejected");
    private static readonly Counter<long> FeedbackRejectedCounter = Meter.CreateCounter<long>("tracegrains.feedback.rejected");
    private static readonly Counter<long> Snapshots = Meter.CreateCounter<long>("tracegrains.snapshots");

    public static void SpansAccepted(int count) => Accepted.Add(count);

    public static void SpanRejected(RejectionReason reason) =>
        Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    /// <summary>Feedback refused because its trace holds <c>MaxFeedbackPerTrace</c> entries.</summary>
    public static void FeedbackRejected(string workspace) => FeedbackRejectedCounter.Add(1,
        new KeyValuePair<string, object?>("reason", "MaxFeedbackPerTrace"), new KeyValuePair<string, object?>("workspace", workspace));

    public static void SnapshotWritten() => Snapshots.Add(1);
}
