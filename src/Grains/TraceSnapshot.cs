namespace TraceGrains.Grains;

/// <summary>
/// The folded state of a trace as written to grain storage. Every journal generation before
/// <see cref="Generation"/> is contained in it; generation <see cref="Generation"/> is replayed on top.
/// </summary>
[GenerateSerializer, Alias("tg.trace-snapshot")]
public sealed class TraceSnapshot
{
    [Id(0)] public int Generation { get; set; }
    /// <summary>Bytes of all journal generations this snapshot folds together.</summary>
    [Id(1)] public long CoveredJournalBytes { get; set; }
    [Id(2)] public List<SpanRecord> Spans { get; set; } = [];
    [Id(3)] public List<FeedbackRecord> Feedback { get; set; } = [];
    [Id(4)] public DateTimeOffset FirstSeen { get; set; }
    [Id(5)] public DateTimeOffset LastSeen { get; set; }
    /// <summary>The time that places the trace in the index; fixed once set.</summary>
    [Id(6)] public DateTimeOffset? IndexTime { get; set; }
}
