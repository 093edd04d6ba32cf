using System.Collections.Immutable;

namespace TraceGrains.Grains.Tree;

/// <summary>
/// The spans of one trace as a forest, with aggregates kept current span by span. Spans are keyed by
/// id; a child whose parent has not arrived is an orphan until the parent comes, and is then linked
/// without any work because children are indexed by parent id, present or not.
/// </summary>
internal sealed partial class TraceTree(TraceKey key)
{
    private readonly Dictionary<string, SpanRecord> _spans = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, FeedbackRecord> _feedback = [];
    private readonly List<Guid> _feedbackOrder = [];
    private readonly Dictionary<string, long> _spanVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, long> _feedbackVersions = [];
    private TraceTotals _totals;
    private DateTimeOffset? _start, _end;
    private readonly HashSet<string> _rootIds = new(StringComparer.Ordinal);
    private int _orphans;

    public TraceKey Key { get; } = key;
    public int SpanCount => _spans.Count;
    public int FeedbackCount => _feedback.Count;
    public DateTimeOffset FirstSeen { get; private set; }
    public DateTimeOffset LastSeen { get; private set; }

    /// <summary>Counts every change; watchers ask for what changed after a version.</summary>
    public long Version { get; private set; }

    /// <summary>
    /// Places the trace in a time bucket of the index. Pinned by the first accepted batch (its earliest
    /// start, else its arrival) and never moved, so an entry never has to leave a partition.
    /// </summary>
    public DateTimeOffset? IndexTime { get; private set; }

    public void PinIndexTime(DateTimeOffset? time)
    {
        if (IndexTime is null && time is not null) IndexTime = time;
    }

    /// <summary>Spans in the order they first arrived.</summary>
    public IEnumerable<SpanRecord> Spans => _order.Select(id => _spans[id]);
    public IEnumerable<FeedbackRecord> Feedback => _feedbackOrder.Select(id => _feedback[id]);

    public void Touch(DateTimeOffset at)
    {
        if (FirstSeen == default || at < FirstSeen) FirstSeen = at;
        if (at > LastSeen) LastSeen = at;
    }

    /// <summary>
    /// Adds or merges one span. With <paramref name="limits"/> null (replay of what was already
    /// accepted) only the structural rules apply.
    /// </summary>
    public SpanRejection? Apply(SpanRecord span, int index, TraceLimitsOptions? limits)
    {
        if (span.TraceId != Key.TraceId)
            return new(index, span.SpanId, RejectionReason.WrongTrace,
                $"traceId: '{span.TraceId}' does not belong to trace '{Key.TraceId}'");

        _spans.TryGetValue(span.SpanId, out var existing);
        var merged = existing is null ? span : SpanMerge.Merge(existing, span);

        if (merged.ParentSpanId == merged.SpanId)
            return new(index, span.SpanId, RejectionReason.SelfParent,
                $"parentSpanId: span '{span.SpanId}' names itself as its parent");
        var parentIsNew = merged.ParentSpanId is not null && existing?.ParentSpanId is null;
        // Only a span that already has children can be an ancestor of its new parent.
        if (parentIsNew && _children.ContainsKey(merged.SpanId) && ClosesCycle(merged.SpanId, merged.ParentSpanId!))
            return new(index, span.SpanId, RejectionReason.ParentCycle,
                $"parentSpanId: '{merged.ParentSpanId}' is a descendant of span '{span.SpanId}', which would close a cycle");

        if (limits is not null)
        {
            if (existing is null && _spans.Count >= limits.MaxSpansPerTrace)
                return new(index, span.SpanId, RejectionReason.TooManySpansInTrace,
                    $"spans: the trace already holds {_spans.Count} spans, the limit is {limits.MaxSpansPerTrace}");
            if (SpanLimitCheck.Check(merged, limits) is { } broken)
                return new(index, span.SpanId, broken.Reason, broken.Message);
        }

        Store(existing, Compact(merged), parentIsNew);
        return null;
    }

    /// <summary>
    /// The span as it is held: the trace id and the parent id share the tree's instances, and the short
    /// labels the pool's, so that a span costs its own data and little more.
    /// </summary>
    private SpanRecord Compact(SpanRecord span)
    {
        var parent = span.ParentSpanId is { } p && _spans.TryGetValue(p, out var parentSpan) ? parentSpan.SpanId : span.ParentSpanId;
        var name = StringPool.Intern(span.Name);
        var kind = StringPool.Intern(span.Kind);
        var service = StringPool.Intern(span.Service);
        var provider = StringPool.Intern(span.Provider);
        var model = StringPool.Intern(span.Model);
        var attributes = Share(span.Attributes.Count is > 0 and <= 32 ? CompactAttributes(span.Attributes) : span.Attributes, ref _lastAttributes);
        var metadata = Share(span.Metadata, ref _lastMetadata);
        if (ReferenceEquals(span.TraceId, Key.TraceId) && ReferenceEquals(parent, span.ParentSpanId) && ReferenceEquals(name, span.Name)
            && ReferenceEquals(kind, span.Kind) && ReferenceEquals(service, span.Service) && ReferenceEquals(provider, span.Provider)
            && ReferenceEquals(model, span.Model) && ReferenceEquals(attributes, span.Attributes) && ReferenceEquals(metadata, span.Metadata))
            return span;
        return span with
        {
            TraceId = Key.TraceId, ParentSpanId = parent, Name = name, Kind = kind,
            Service = service, Provider = provider, Model = model, Attributes = attributes, Metadata = metadata,
        };
    }

    private ImmutableDictionary<string, string>? _lastAttributes, _lastMetadata;

    /// <summary>
    /// Spans of a trace mostly repeat the previous span's metadata (user, session) and often its
    /// attributes: such a span shares the previous span's dictionary instead of holding its own.
    /// </summary>
    private static ImmutableDictionary<string, string> Share(ImmutableDictionary<string, string> map, ref ImmutableDictionary<string, string>? last)
    {
        if (map.Count == 0) return ImmutableDictionary<string, string>.Empty;
        if (last is { } previous && previous.Count == map.Count && map.All(kv => previous.TryGetValue(kv.Key, out var v) && v == kv.Value)) return previous;
        return last = map;
    }

    private static ImmutableDictionary<string, string> CompactAttributes(ImmutableDictionary<string, string> attributes)
    {
        var pooled = true;
        foreach (var (key, value) in attributes)
            pooled &= ReferenceEquals(key, StringPool.Intern(key)) && ReferenceEquals(value, StringPool.InternValue(value));
        if (pooled) return attributes;
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes) builder[StringPool.Intern(key)!] = StringPool.InternValue(value)!;
        return builder.ToImmutable();
    }

    private bool ClosesCycle(string spanId, string parentId)
    {
        // Walk up from the new parent; the structure is acyclic, so this ends within SpanCount steps.
        var current = parentId;
        for (var steps = 0; steps <= _spans.Count && current is not null; steps++)
        {
            if (current == spanId) return true;
            current = _spans.TryGetValue(current, out var s) ? s.ParentSpanId : null;
        }
        return false;
    }

    private void Store(SpanRecord? existing, SpanRecord merged, bool parentIsNew)
    {
        if (existing is null)
        {
            _order.Add(merged.SpanId);
            // Children that arrived first stop being orphans now.
            if (_children.TryGetValue(merged.SpanId, out var waiting)) _orphans -= waiting.Count;
            if (merged.ParentSpanId is null) _rootIds.Add(merged.SpanId);
        }
        else
        {
            _totals.Add(existing, -1);
            CountLabels(existing, -1);
            if (parentIsNew) _rootIds.Remove(merged.SpanId);
        }

        if (parentIsNew || existing is null && merged.ParentSpanId is not null)
        {
            var parent = merged.ParentSpanId!;
            if (!_children.TryGetValue(parent, out var list)) _children[parent] = list = [];
            list.Add(merged.SpanId);
            if (!_spans.ContainsKey(parent)) _orphans++;
        }

        _spans[merged.SpanId] = merged;
        _spanVersions[merged.SpanId] = ++Version;
        _totals.Add(merged, +1);
        CountLabels(merged, +1);
        if (merged.StartTime is { } s && (_start is null || s < _start)) _start = s;
        if (merged.EndTime is { } e && (_end is null || e > _end)) _end = e;
    }


    /// <summary>Adds or replaces feedback by id; false when a new one would pass the limit.</summary>
    public bool PutFeedback(FeedbackRecord feedback, int? maxFeedback)
    {
        if (!_feedback.ContainsKey(feedback.Id))
        {
            if (maxFeedback is { } max && _feedback.Count >= max) return false;
            _feedbackOrder.Add(feedback.Id);
        }
        _feedback[feedback.Id] = feedback;
        _feedbackVersions[feedback.Id] = ++Version;
        return true;
    }

    public IEnumerable<SpanRecord> SpansChangedAfter(long version) =>
        _order.Where(id => _spanVersions[id] > version).Select(id => _spans[id]);

    public IEnumerable<FeedbackRecord> FeedbackChangedAfter(long version) =>
        _feedbackOrder.Where(id => _feedbackVersions[id] > version).Select(id => _feedback[id]);

    public bool TryGetFeedback(Guid id, out FeedbackRecord feedback) => _feedback.TryGetValue(id, out feedback!);

    public TraceSummary Summary()
    {
        double weights = 0, weighted = 0;
        foreach (var f in _feedback.Values)
        {
            weights += f.Weight;
            weighted += f.Value * f.Weight;
        }
        var rootName = _rootIds.Select(id => _spans[id]).OrderBy(s => s.StartTime ?? DateTimeOffset.MaxValue)
            .ThenBy(s => s.SpanId, StringComparer.Ordinal).FirstOrDefault()?.Name;
        var (providers, services, pairs) = Labels();

        return new TraceSummary(
            Key.WorkspaceId, Key.TraceId, _spans.Count, _totals.ErrorCount,
            _totals.TotalCost, _totals.ProvidedCost, _totals.ComputedCost, _totals.UnknownCostSpans,
            _start is { } s && _end is { } e && e > s ? (e - s).TotalMilliseconds : 0,
            _totals.InputTokens, _totals.OutputTokens, _totals.TotalTokens,
            [.. _models.Keys.Order(StringComparer.Ordinal)],
            _start, _end, FirstSeen, LastSeen,
            _feedback.Count, weights > 0 ? weighted / weights : null,
            _rootIds.Count, _orphans, rootName, providers, services, pairs);
    }
}
