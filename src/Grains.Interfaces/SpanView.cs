namespace TraceGrains;

/// <summary>A stored span with the totals of its subtree.</summary>
/// <param name="IsOrphan">True when the span names a parent that has not arrived.</param>
[GenerateSerializer, Immutable, Alias("tg.span-view")]
public sealed record SpanView(
    [property: Id(0)] SpanRecord Span,
    [property: Id(1)] SubtreeTotals Subtree,
    [property: Id(2)] bool IsOrphan);
