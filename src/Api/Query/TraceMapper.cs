using Google.Protobuf.WellKnownTypes;
using TraceGrains.Api.V1;

namespace TraceGrains.Api.Query;

/// <summary>Grain records to the query messages; the flat span list becomes the nested tree here.</summary>
public static class TraceMapper
{
    /// <summary>Nesting stops here so no client reaches protobuf's default recursion limit of 100.</summary>
    public const int MaxNestingDepth = 64;

    public static GetTraceResponse ToResponse(TraceDetails details)
    {
        var response = new GetTraceResponse { Summary = ToSummary(details.Summary) };
        var placed = new Dictionary<string, (V1.SpanNode Node, int Depth)>(details.Spans.Length, StringComparer.Ordinal);
        // Spans come parents first, siblings in start order, so appending keeps that order.
        foreach (var view in details.Spans)
        {
            var node = new V1.SpanNode { Span = ToSpan(view.Span), Subtree = ToTotals(view.Subtree) };
            var parentId = view.Span.ParentSpanId;
            var depth = 0;
            if (parentId is null) response.Roots.Add(node);
            else if (!placed.TryGetValue(parentId, out var parent)) response.Orphans.Add(node);
            else if (parent.Depth + 1 >= MaxNestingDepth) response.Detached.Add(node);
            else
            {
                parent.Node.Children.Add(node);
                depth = parent.Depth + 1;
            }
            placed[view.Span.SpanId] = (node, depth);
        }
        response.Feedback.AddRange(details.Feedback.Select(ToFeedback));
        return response;
    }

    public static V1.TraceSummary ToSummary(TraceGrains.TraceSummary s)
    {
        var summary = new V1.TraceSummary
        {
            TraceId = s.TraceId,
            WorkspaceId = s.WorkspaceId,
            SpanCount = s.SpanCount,
            ErrorCount = s.ErrorCount,
            TotalCostUsd = (double)s.TotalCostUsd,
            ProvidedCostUsd = (double)s.ProvidedCostUsd,
            ComputedCostUsd = (double)s.ComputedCostUsd,
            UnknownCostSpanCount = s.UnknownCostSpans,
            DurationMs = s.DurationMs,
            InputTokens = s.InputTokens,
            OutputTokens = s.OutputTokens,
            TotalTokens = s.TotalTokens,
            FeedbackCount = s.FeedbackCount,
            StartTime = Time(s.StartTime),
            EndTime = Time(s.EndTime),
            FirstSeen = Time(s.FirstSeen),
            LastSeen = Time(s.LastSeen),
            RootCount = s.RootCount,
            OrphanCount = s.OrphanCount,
            RootName = s.RootName ?? "",
        };
        if (s.FeedbackScore is { } score) summary.FeedbackScore = score;
        AddLabels(summary, s.Models, s.Providers, s.Services, s.MetadataPairs);
        return summary;
    }

    /// <summary>A listed trace, from its index entry.</summary>
    public static V1.TraceSummary ToSummary(Index.TraceIndexEntry e, string workspaceId)
    {
        var summary = new V1.TraceSummary
        {
            TraceId = e.TraceId,
            WorkspaceId = workspaceId,
            SpanCount = e.SpanCount,
            ErrorCount = e.ErrorCount,
            TotalCostUsd = (double)e.CostUsd,
            DurationMs = e.DurationMs,
            InputTokens = e.InputTokens,
            OutputTokens = e.OutputTokens,
            TotalTokens = e.TotalTokens,
            FeedbackCount = e.FeedbackCount,
            StartTime = Time(e.StartTime),
            EndTime = Time(e.EndTime),
            FirstSeen = Time(e.FirstSeen),
            LastSeen = Time(e.LastSeen),
            RootName = e.RootName ?? "",
        };
        if (e.FeedbackScore is { } score) summary.FeedbackScore = score;
        AddLabels(summary, e.Models, e.Providers, e.Services, e.MetadataPairs);
        return summary;
    }

    private static void AddLabels(V1.TraceSummary summary, IEnumerable<string> models, IEnumerable<string> providers,
        IEnumerable<string> services, IEnumerable<string> metadataPairs)
    {
        summary.Models.AddRange(models);
        summary.Providers.AddRange(providers);
        summary.Services.AddRange(services);
        foreach (var pair in metadataPairs)
        {
            var at = pair.IndexOf('=');
            if (at > 0) summary.Metadata.TryAdd(pair[..at], pair[(at + 1)..]);
        }
    }

    public static V1.Span ToSpan(SpanRecord s)
    {
        var span = new V1.Span
        {
            TraceId = s.TraceId,
            SpanId = s.SpanId,
            ParentSpanId = s.ParentSpanId ?? "",
            Name = s.Name ?? "",
            Kind = s.Kind ?? "",
            StartTime = Time(s.StartTime),
            EndTime = Time(s.EndTime),
            DurationMs = s.DurationMs ?? 0,
            Status = (V1.SpanStatus)s.Status,
            StatusMessage = s.StatusMessage ?? "",
            Service = s.Service ?? "",
            Provider = s.Provider ?? "",
            Model = s.Model ?? "",
            CostSource = (V1.CostSource)s.CostSource,
        };
        if (s.InputTokens is { } input) span.InputTokens = input;
        if (s.OutputTokens is { } output) span.OutputTokens = output;
        if (s.TotalTokens is { } total) span.TotalTokens = total;
        if (s.CostUsd is { } cost) span.CostUsd = (double)cost;
        span.Metadata.Add(s.Metadata);
        span.Attributes.Add(s.Attributes);
        return span;
    }

    private static V1.SubtreeTotals ToTotals(TraceGrains.SubtreeTotals t) => new()
    {
        SpanCount = t.SpanCount,
        ErrorCount = t.ErrorCount,
        CostUsd = (double)t.CostUsd,
        InputTokens = t.InputTokens,
        OutputTokens = t.OutputTokens,
        TotalTokens = t.TotalTokens,
        DurationMs = t.DurationMs,
    };

    public static V1.Feedback ToFeedback(FeedbackRecord f)
    {
        var feedback = new V1.Feedback
        {
            Id = f.Id.ToString(),
            Value = f.Value,
            Weight = f.Weight,
            CreatedAt = Timestamp.FromDateTimeOffset(f.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(f.UpdatedAt),
        };
        feedback.Metadata.Add(f.Metadata);
        return feedback;
    }

    private static Timestamp? Time(DateTimeOffset? t) => t is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
