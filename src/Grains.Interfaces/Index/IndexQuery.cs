using System.Collections.Immutable;

namespace TraceGrains.Index;

/// <summary>
/// One partition's share of a list: entries as they were at <see cref="AsOf"/>, in the window,
/// matching every filter, ordered, after the cursor position, at most <see cref="Limit"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("tg.index-query")]
public sealed record IndexQuery(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] DateTimeOffset AsOf,
    [property: Id(3)] TraceFilter Filter,
    [property: Id(4)] TraceSort Sort,
    [property: Id(5)] bool Descending,
    [property: Id(6)] IndexPosition? After,
    [property: Id(7)] int Limit);

/// <summary>A place in a sorted list: the sort value and the trace id of the last entry seen.</summary>
[GenerateSerializer, Immutable, Alias("tg.index-position")]
public sealed record IndexPosition([property: Id(0)] double Value, [property: Id(1)] string TraceId);

/// <summary>List filters; null or empty means "any".</summary>
[GenerateSerializer, Immutable, Alias("tg.trace-filter")]
public sealed record TraceFilter(
    [property: Id(0)] ImmutableArray<string> MetadataPairs,
    [property: Id(1)] string? Service,
    [property: Id(2)] string? Model,
    [property: Id(3)] string? Provider,
    [property: Id(4)] bool? HasError,
    [property: Id(5)] decimal? MinCostUsd,
    [property: Id(6)] decimal? MaxCostUsd,
    [property: Id(7)] double? MinDurationMs,
    [property: Id(8)] double? MaxDurationMs,
    [property: Id(9)] double? MinFeedbackScore,
    [property: Id(10)] double? MaxFeedbackScore,
    [property: Id(11)] string? NameContains)
{
    public static readonly TraceFilter None = new([], null, null, null, null, null, null, null, null, null, null, null);
}

/// <summary>One listed trace: its current entry and the sort value it was ordered by.</summary>
[GenerateSerializer, Immutable, Alias("tg.index-hit")]
public sealed record IndexHit([property: Id(0)] TraceIndexEntry Entry, [property: Id(1)] double SortValue);
