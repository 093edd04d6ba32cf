using System.Collections.Immutable;
using TraceGrains.Index;

namespace TraceGrains.Grains.Tree;

internal sealed partial class TraceTree
{
    private const int MaxMetadataPairs = 64;
    private const int MaxIndexedValueLength = 256;

    /// <summary>The trace as the index sees it; null until the trace has spans.</summary>
    public TraceIndexEntry? IndexEntry()
    {
        if (_spans.Count == 0) return null;
        var summary = Summary();
        return new TraceIndexEntry(
            Key.TraceId, IndexTime ?? FirstSeen, summary.StartTime, summary.EndTime, summary.DurationMs,
            summary.TotalCostUsd, summary.InputTokens, summary.OutputTokens, summary.TotalTokens,
            summary.SpanCount, summary.ErrorCount, summary.FeedbackCount, summary.FeedbackScore,
            summary.Models, summary.Providers, summary.Services, summary.MetadataPairs, summary.RootName, FirstSeen, LastSeen);
    }

    /// <summary>Providers, services and metadata pairs of all spans, sorted and distinct.</summary>
    private (ImmutableArray<string>, ImmutableArray<string>, ImmutableArray<string>) Labels()
    {
        var providers = new SortedSet<string>(StringComparer.Ordinal);
        var services = new SortedSet<string>(StringComparer.Ordinal);
        var pairs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var span in _spans.Values)
        {
            if (span.Provider is { } p) providers.Add(p);
            if (span.Service is { } s) services.Add(s);
            foreach (var (key, value) in span.Metadata)
            {
                if (pairs.Count < MaxMetadataPairs && value.Length <= MaxIndexedValueLength) pairs.Add($"{key}={value}");
            }
        }
        return ([.. providers], [.. services], [.. pairs]);
    }
}
