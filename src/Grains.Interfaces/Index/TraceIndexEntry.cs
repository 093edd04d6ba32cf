using System.Collections.Immutable;

namespace TraceGrains.Index;

/// <summary>
/// What the trace index knows of one trace: everything the list can filter and sort on.
/// </summary>
/// <param name="IndexTime">The time that places the trace in a time bucket; fixed for the trace's life.</param>
/// <param name="MetadataPairs">Distinct <c>key=value</c> pairs of the spans' metadata (bounded).</param>
[GenerateSerializer, Immutable, Alias("tg.index-entry")]
public sealed record TraceIndexEntry(
    [property: Id(0)] string TraceId,
    [property: Id(1)] DateTimeOffset IndexTime,
    [property: Id(2)] DateTimeOffset? StartTime,
    [property: Id(3)] DateTimeOffset? EndTime,
    [property: Id(4)] double DurationMs,
    [property: Id(5)] decimal CostUsd,
    [property: Id(6)] long InputTokens,
    [property: Id(7)] long OutputTokens,
    [property: Id(8)] long TotalTokens,
    [property: Id(9)] int SpanCount,
    [property: Id(10)] int ErrorCount,
    [property: Id(11)] int FeedbackCount,
    [property: Id(12)] double? FeedbackScore,
    [property: Id(13)] ImmutableArray<string> Models,
    [property: Id(14)] ImmutableArray<string> Providers,
    [property: Id(15)] ImmutableArray<string> Services,
    [property: Id(16)] ImmutableArray<string> MetadataPairs,
    [property: Id(17)] string? RootName,
    [property: Id(18)] DateTimeOffset FirstSeen,
    [property: Id(19)] DateTimeOffset LastSeen)
{
    /// <summary>The time the list window and the start-time sort use.</summary>
    public DateTimeOffset EffectiveStart => StartTime ?? FirstSeen;
}
