using System.Collections.Immutable;

namespace TraceGrains.Grains.Tree;

internal sealed partial class TraceTree
{
    /// <summary>
    /// Every span with its subtree totals, parents before children, siblings by start time: roots
    /// first, then the subtrees hanging from parents that have not arrived. Iterative, so a deep chain
    /// of spans cannot overflow the stack.
    /// </summary>
    public TraceDetails Details()
    {
        var tops = _order.Select(id => _spans[id])
            .Where(s => s.ParentSpanId is null || !_spans.ContainsKey(s.ParentSpanId))
            .OrderBy(s => s.ParentSpanId is null ? 0 : 1)
            .ThenBy(s => s.StartTime ?? DateTimeOffset.MaxValue)
            .ThenBy(s => s.SpanId, StringComparer.Ordinal)
            .ToList();

        var preorder = new List<SpanRecord>(_spans.Count);
        var stack = new Stack<SpanRecord>();
        foreach (var top in tops)
        {
            stack.Push(top);
            while (stack.Count > 0)
            {
                var span = stack.Pop();
                preorder.Add(span);
                // Push in reverse so that the earliest child is visited first.
                foreach (var child in ChildrenByStart(span.SpanId).Reverse()) stack.Push(child);
            }
        }

        var totals = new Dictionary<string, SubtreeTotals>(preorder.Count, StringComparer.Ordinal);
        var ranges = new Dictionary<string, (DateTimeOffset? Start, DateTimeOffset? End)>(preorder.Count, StringComparer.Ordinal);
        for (var i = preorder.Count - 1; i >= 0; i--) totals[preorder[i].SpanId] = Subtree(preorder[i], totals, ranges);

        var spans = preorder.Select(s => new SpanView(
            s, totals[s.SpanId], s.ParentSpanId is not null && !_spans.ContainsKey(s.ParentSpanId)));
        return new TraceDetails(Summary(), [.. spans], [.. Feedback]);
    }

    private IEnumerable<SpanRecord> ChildrenByStart(string spanId) =>
        _children.TryGetValue(spanId, out var ids)
            ? ids.Select(id => _spans[id])
                .OrderBy(s => s.StartTime ?? DateTimeOffset.MaxValue)
                .ThenBy(s => s.SpanId, StringComparer.Ordinal)
            : [];

    private SubtreeTotals Subtree(SpanRecord span, Dictionary<string, SubtreeTotals> done,
        Dictionary<string, (DateTimeOffset? Start, DateTimeOffset? End)> ranges)
    {
        var sum = new TraceTotals();
        sum.Add(span, +1);
        int count = 1, errors = sum.ErrorCount;
        decimal cost = sum.TotalCost;
        DateTimeOffset? start = span.StartTime, end = span.EndTime;
        long input = sum.InputTokens, output = sum.OutputTokens, total = sum.TotalTokens;
        if (_children.TryGetValue(span.SpanId, out var ids))
        {
            foreach (var id in ids)
            {
                var child = done[id];
                count += child.SpanCount;
                errors += child.ErrorCount;
                cost += child.CostUsd;
                input += child.InputTokens;
                output += child.OutputTokens;
                total += child.TotalTokens;
                var (cs, ce) = ranges[id];
                if (cs is not null && (start is null || cs < start)) start = cs;
                if (ce is not null && (end is null || ce > end)) end = ce;
            }
        }
        ranges[span.SpanId] = (start, end);
        var duration = start is { } s && end is { } e && e > s ? (e - s).TotalMilliseconds : 0;
        return new SubtreeTotals(count, errors, cost, input, output, total, duration);
    }
}
