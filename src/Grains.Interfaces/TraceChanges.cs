using System.Collections.Immutable;

namespace TraceGrains;

/// <summary>
/// What changed in a trace since a watcher's last position: spans and feedback in their current
/// (merged) form. <see cref="Epoch"/> names the grain activation; a watcher whose epoch differs gets
/// everything again.
/// </summary>
[GenerateSerializer, Immutable, Alias("tg.trace-changes")]
public sealed record TraceChanges(
    [property: Id(0)] string Epoch,
    [property: Id(1)] long Version,
    [property: Id(2)] TraceSummary? Summary,
    [property: Id(3)] ImmutableArray<SpanRecord> Spans,
    [property: Id(4)] ImmutableArray<FeedbackRecord> Feedback);
