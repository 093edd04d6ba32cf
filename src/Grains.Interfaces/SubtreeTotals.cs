namespace TraceGrains;

/// <summary>Totals of a span together with all its descendants.</summary>
[GenerateSerializer, Immutable, Alias("tg.subtree-totals")]
public sealed record SubtreeTotals(
    [property: Id(0)] int SpanCount,
    [property: Id(1)] int ErrorCount,
    [property: Id(2)] decimal CostUsd,
    [property: Id(3)] long InputTokens,
    [property: Id(4)] long OutputTokens,
    [property: Id(5)] long TotalTokens,
    [property: Id(6)] double DurationMs);
