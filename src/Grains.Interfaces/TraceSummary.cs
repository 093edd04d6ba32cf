using System.Collections.Immutable;

namespace TraceGrains;

/// <summary>Aggregates of a whole trace, current after every batch.</summary>
/// <param name="DurationMs">Latest span end minus earliest span start.</param>
/// <param name="FirstSeen">When the first span of the trace was ingested.</param>
/// <param name="LastSeen">When the latest span or feedback was ingested.</param>
/// <param name="FeedbackScore">Weighted mean of the feedback values; null without feedback.</param>
/// <param name="MetadataPairs">Distinct <c>key=value</c> pairs of the spans' metadata (bounded).</param>
[GenerateSerializer, Immutable, Alias("tg.trace-summary")]
public sealed record TraceSummary(
    [property: Id(0)] string WorkspaceId,
    [property: Id(1)] string TraceId,
    [property: Id(2)] int SpanCount,
    [property: Id(3)] int ErrorCount,
    [property: Id(4)] decimal TotalCostUsd,
    [property: Id(5)] decimal ProvidedCostUsd,
    [property: Id(6)] decimal ComputedCostUsd,
    [property: Id(7)] int UnknownCostSpans,
    [property: Id(8)] double DurationMs,
    [property: Id(9)] long InputTokens,
    [property: Id(10)] long OutputTokens,
    [property: Id(11)] long TotalTokens,
    [property: Id(12)] ImmutableArray<string> Models,
    [property: Id(13)] DateTimeOffset? StartTime,
    [property: Id(14)] DateTimeOffset? EndTime,
    [property: Id(15)] DateTimeOffset FirstSeen,
    [property: Id(16)] DateTimeOffset LastSeen,
    [property: Id(17)] int FeedbackCount,
    [property: Id(18)] double? FeedbackScore,
    [property: Id(19)] int RootCount,
    [property: Id(20)] int OrphanCount,
    [property: Id(21)] string? RootName,
    [property: Id(22)] ImmutableArray<string> Providers,
    [property: Id(23)] ImmutableArray<string> Services,
    [property: Id(24)] ImmutableArray<string> MetadataPairs);
