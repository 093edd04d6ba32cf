using System.Collections.Immutable;

namespace TraceGrains.Grains.Tree;

/// <summary>
/// Merges a second copy of a span into the first. The merge only ever adds information (fields
/// missing before are filled in, the time range only widens, an error stays an error), so applying
/// the same copy again changes nothing: journal replay and gateway retries rely on that.
/// </summary>
internal static class SpanMerge
{
    public static SpanRecord Merge(SpanRecord a, SpanRecord b)
    {
        var (cost, source) = a.CostSource == CostSource.Provided || b.CostSource != CostSource.Provided && a.CostUsd is not null
            ? (a.CostUsd, a.CostSource)
            : (b.CostUsd, b.CostSource);

        return a with
        {
            ParentSpanId = a.ParentSpanId ?? b.ParentSpanId,
            Name = a.Name ?? b.Name,
            Kind = a.Kind ?? b.Kind,
            StartTime = Min(a.StartTime, b.StartTime),
            EndTime = Max(a.EndTime, b.EndTime),
            Status = a.Status >= b.Status ? a.Status : b.Status,
            StatusMessage = a.StatusMessage ?? b.StatusMessage,
            Service = a.Service ?? b.Service,
            Provider = a.Provider ?? b.Provider,
            Model = a.Model ?? b.Model,
            InputTokens = a.InputTokens ?? b.InputTokens,
            OutputTokens = a.OutputTokens ?? b.OutputTokens,
            TotalTokens = a.TotalTokens ?? b.TotalTokens,
            CostUsd = cost,
            CostSource = source,
            Metadata = Union(a.Metadata, b.Metadata),
            Attributes = Union(a.Attributes, b.Attributes),
        };
    }

    private static DateTimeOffset? Min(DateTimeOffset? x, DateTimeOffset? y) =>
        x is null ? y : y is null ? x : (x < y ? x : y);

    private static DateTimeOffset? Max(DateTimeOffset? x, DateTimeOffset? y) =>
        x is null ? y : y is null ? x : (x > y ? x : y);

    private static ImmutableDictionary<string, string> Union(
        ImmutableDictionary<string, string> first, ImmutableDictionary<string, string> second)
    {
        if (second.IsEmpty) return first;
        if (first.IsEmpty) return second;
        var builder = first.ToBuilder();
        foreach (var (key, value) in second) builder.TryAdd(key, value);
        return builder.Count == first.Count ? first : builder.ToImmutable();
    }
}
