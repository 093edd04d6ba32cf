using System.Collections.Immutable;

namespace TraceGrains;

/// <summary>
/// A whole trace: its summary, every span (flat, each with its subtree totals; parents come before
/// their children and siblings are in start-time order) and its feedback. Flat so that a deep trace
/// never turns into deep recursion on the wire; callers nest it with <see cref="SpanRecord.ParentSpanId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("tg.trace-details")]
public sealed record TraceDetails(
    [property: Id(0)] TraceSummary Summary,
    [property: Id(1)] ImmutableArray<SpanView> Spans,
    [property: Id(2)] ImmutableArray<FeedbackRecord> Feedback);
