using System.Collections.Immutable;

namespace TraceGrains.Grains.Journal;

/// <summary>
/// One durable change to a trace: the spans a batch accepted and/or feedback in its final form.
/// Replaying an entry twice changes nothing, because span merges and feedback puts are idempotent.
/// <see cref="IndexTime"/> carries the trace's pinned index time, so replay pins the same one.
/// </summary>
[GenerateSerializer, Immutable, Alias("tg.journal-entry")]
public sealed record JournalEntry(
    [property: Id(0)] DateTimeOffset ReceivedAt,
    [property: Id(1)] ImmutableArray<SpanRecord> Spans,
    [property: Id(2)] ImmutableArray<FeedbackRecord> Feedback,
    [property: Id(3)] DateTimeOffset? IndexTime = null);
