using TraceGrains.Index;

namespace TraceGrains.Grains.Index;

/// <summary>Filters, sort values and cursor order of index entries.</summary>
internal static class IndexMatcher
{
    public static bool Matches(TraceIndexEntry e, IndexQuery q)
    {
        var f = q.Filter;
        var start = e.EffectiveStart;
        if (start < q.From || start > q.To) return false;
        if (f.HasError is { } hasError && e.ErrorCount > 0 != hasError) return false;
        if (f.MinCostUsd is { } minCost && e.CostUsd < minCost) return false;
        if (f.MaxCostUsd is { } maxCost && e.CostUsd > maxCost) return false;
        if (f.MinDurationMs is { } minDuration && e.DurationMs < minDuration) return false;
        if (f.MaxDurationMs is { } maxDuration && e.DurationMs > maxDuration) return false;
        if ((f.MinFeedbackScore is not null || f.MaxFeedbackScore is not null) && e.FeedbackScore is null) return false;
        if (f.MinFeedbackScore is { } minScore && e.FeedbackScore < minScore) return false;
        if (f.MaxFeedbackScore is { } maxScore && e.FeedbackScore > maxScore) return false;
        if (f.Service is { } service && !e.Services.Contains(service, StringComparer.OrdinalIgnoreCase)) return false;
        if (f.Model is { } model && !e.Models.Contains(model, StringComparer.OrdinalIgnoreCase)) return false;
        if (f.Provider is { } provider && !e.Providers.Contains(provider, StringComparer.OrdinalIgnoreCase)) return false;
        if (f.NameContains is { } name && !(e.RootName?.Contains(name, StringComparison.OrdinalIgnoreCase) ?? false)) return false;
        foreach (var pair in f.MetadataPairs)
        {
            if (!e.MetadataPairs.Contains(pair, StringComparer.Ordinal)) return false;
        }
        return true;
    }

    public static double SortValue(TraceIndexEntry e, TraceSort sort) => sort switch
    {
        TraceSort.Cost => (double)e.CostUsd,
        TraceSort.Duration => e.DurationMs,
        TraceSort.Tokens => e.TotalTokens,
        _ => e.EffectiveStart.ToUnixTimeMilliseconds(),
    };
}
