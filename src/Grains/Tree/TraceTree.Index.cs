using System.Collections.Immutable;
using TraceGrains.Index;

namespace TraceGrains.Grains.Tree;

internal sealed partial class TraceTree
{
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
}
