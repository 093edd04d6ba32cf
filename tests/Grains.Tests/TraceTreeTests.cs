using System.Collections.Immutable;
using TraceGrains.Grains.Tree;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Grains.Tests;

public sealed class TraceTreeTests
{
    private static readonly TraceLimitsOptions Limits = new();
    private readonly TraceTree _tree = new(new TraceKey("default", "t1"));

    private void Add(params SpanRecord[] spans)
    {
        foreach (var span in spans) Assert.Null(_tree.Apply(span, 0, Limits));
    }

    [Fact]
    public void Apply_ParentlessSpans_AreAllRoots()
    {
        Add(Span(id: "a"), Span(id: "b"), Span(id: "c", parent: "a"));

        var summary = _tree.Summary();
        Assert.Equal(2, summary.RootCount);
        Assert.Equal(0, summary.OrphanCount);
        var details = _tree.Details();
        Assert.Equal(["a", "c", "b"], details.Spans.Select(s => s.Span.SpanId));
    }

    [Fact]
    public void Apply_ChildBeforeParent_IsOrphanThenLinksWhenParentArrives()
    {
        Add(Span(id: "child", parent: "root", cost: 0.5m));
        Assert.Equal(1, _tree.Summary().OrphanCount);
        Assert.True(_tree.Details().Spans.Single().IsOrphan);

        Add(Span(id: "root", cost: 0.25m));

        var summary = _tree.Summary();
        Assert.Equal(0, summary.OrphanCount);
        Assert.Equal(1, summary.RootCount);
        var root = _tree.Details().Spans.First();
        Assert.Equal("root", root.Span.SpanId);
        Assert.Equal(2, root.Subtree.SpanCount);
        Assert.Equal(0.75m, root.Subtree.CostUsd);
        Assert.DoesNotContain(_tree.Details().Spans, s => s.IsOrphan);
    }

    [Fact]
    public void Apply_SameSpanTwice_DoesNotDoubleCountAndFillsMissingFields()
    {
        Add(Span(id: "a", cost: 0.01m, input: 10, output: null, endMs: 100, model: null));
        Add(Span(id: "a", cost: 0.01m, input: 10, output: 5, endMs: 400, model: "gpt-4o"));
        Add(Span(id: "a", cost: 0.01m, input: 10, output: 5, endMs: 200, model: "other"));

        var summary = _tree.Summary();
        Assert.Equal(1, summary.SpanCount);
        Assert.Equal(0.01m, summary.TotalCostUsd);
        Assert.Equal(10, summary.InputTokens);
        Assert.Equal(5, summary.OutputTokens);
        Assert.Equal(15, summary.TotalTokens);
        Assert.Equal(["gpt-4o"], summary.Models.ToArray());
        Assert.Equal(400, summary.DurationMs); // the end only extends
    }

    [Fact]
    public void Apply_ProvidedCostArrivesAfterUnknown_ProvidedWins()
    {
        Add(Span(id: "a", cost: null));
        Assert.Equal(1, _tree.Summary().UnknownCostSpans);
        Add(Span(id: "a", cost: 0.3m));

        var summary = _tree.Summary();
        Assert.Equal(0.3m, summary.ProvidedCostUsd);
        Assert.Equal(0, summary.UnknownCostSpans);
    }

    [Fact]
    public void Apply_SelfParent_IsRejectedAndRestOfBatchAccepted()
    {
        var rejection = _tree.Apply(Span(id: "a", parent: "a"), 3, Limits);
        Add(Span(id: "b"));

        Assert.NotNull(rejection);
        Assert.Equal(RejectionReason.SelfParent, rejection.Reason);
        Assert.Equal(3, rejection.Index);
        Assert.Contains("parentSpanId", rejection.Message);
        Assert.Equal(1, _tree.SpanCount);
    }

    [Fact]
    public void Apply_ParentLinkClosingACycleThroughManySpans_IsRejected()
    {
        // s1 <- s2 <- ... <- s50 arrive child-first, then s1 claims s50 as its parent.
        for (var i = 50; i >= 2; i--) Add(Span(id: $"s{i}", parent: $"s{i - 1}"));
        var rejection = _tree.Apply(Span(id: "s1", parent: "s50"), 0, Limits);

        Assert.Equal(RejectionReason.ParentCycle, rejection?.Reason);
        Assert.Equal(49, _tree.SpanCount);
        Add(Span(id: "s1"));
        Assert.Equal(50, _tree.Details().Spans[0].Subtree.SpanCount);
    }

    [Fact]
    public void Apply_MergeGivingAParentThatClosesACycle_IsRejected()
    {
        Add(Span(id: "a"), Span(id: "b", parent: "a"));
        var rejection = _tree.Apply(Span(id: "a", parent: "b"), 0, Limits);
        Assert.Equal(RejectionReason.ParentCycle, rejection?.Reason);
        Assert.Equal(1, _tree.Summary().RootCount);
    }

    [Fact]
    public void Summary_AggregatesAcrossSpans()
    {
        Add(
            Span(id: "root", startMs: 0, endMs: 1000, cost: 0.1m, input: 100, output: 20, model: "gpt-4o"),
            Span(id: "c1", parent: "root", startMs: 100, endMs: 300, cost: 0.2m, input: 10, output: 2, total: 13, model: "claude-3-5-sonnet"),
            Span(id: "c2", parent: "root", startMs: 200, endMs: 1500, status: SpanStatus.Error, model: "gpt-4o"));

        var s = _tree.Summary();
        Assert.Equal(3, s.SpanCount);
        Assert.Equal(1, s.ErrorCount);
        Assert.Equal(0.3m, s.TotalCostUsd);
        Assert.Equal(1, s.UnknownCostSpans);
        Assert.Equal(1500, s.DurationMs);
        Assert.Equal(110, s.InputTokens);
        Assert.Equal(22, s.OutputTokens);
        Assert.Equal(120 + 13, s.TotalTokens);
        Assert.Equal(["claude-3-5-sonnet", "gpt-4o"], s.Models.ToArray());
        Assert.Equal(T0, s.StartTime);
        Assert.Equal("op", s.RootName);
    }

    [Fact]
    public void Details_SubtreeTotalsCoverAllDescendants()
    {
        Add(
            Span(id: "r", startMs: 0, endMs: 50, cost: 1m),
            Span(id: "a", parent: "r", startMs: 10, endMs: 20, cost: 2m, input: 5),
            Span(id: "a1", parent: "a", startMs: 15, endMs: 900, cost: 4m, input: 7, status: SpanStatus.Error),
            Span(id: "b", parent: "r", startMs: 5, endMs: 30, cost: 8m));

        var byId = _tree.Details().Spans.ToDictionary(s => s.Span.SpanId);
        Assert.Equal(15m, byId["r"].Subtree.CostUsd);
        Assert.Equal(4, byId["r"].Subtree.SpanCount);
        Assert.Equal(900, byId["r"].Subtree.DurationMs); // a grandchild ends last
        Assert.Equal(6m, byId["a"].Subtree.CostUsd);
        Assert.Equal(12, byId["a"].Subtree.InputTokens);
        Assert.Equal(1, byId["a"].Subtree.ErrorCount);
        Assert.Equal(890, byId["a"].Subtree.DurationMs); // from a (10 ms) to a1's end (900 ms)
        // Siblings in start order: b (5 ms) before a (10 ms).
        Assert.Equal(["r", "b", "a", "a1"], _tree.Details().Spans.Select(s => s.Span.SpanId));
    }

    [Fact]
    public void Details_DeepChain_DoesNotOverflow()
    {
        for (var i = 1; i < 20_000; i++) Assert.Null(_tree.Apply(Span(id: $"s{i}", parent: $"s{i - 1}", cost: 1m), 0, null));
        Assert.Null(_tree.Apply(Span(id: "s0", cost: 1m), 0, null));
        Assert.Equal(20_000m, _tree.Details().Spans[0].Subtree.CostUsd);
    }

    [Fact]
    public void Apply_OverTheLimits_IsRejectedWithFieldAndLimit()
    {
        var limits = new TraceLimitsOptions { MaxSpansPerTrace = 2, MaxAttributesPerSpan = 1, MaxMetadataEntries = 1, MaxAttributeValueBytes = 16 };
        Assert.Null(_tree.Apply(Span(id: "a"), 0, limits));
        var attrs = _tree.Apply(Span(id: "b", attributes: ImmutableDictionary<string, string>.Empty.Add("x", "1").Add("y", "2")), 1, limits);
        var meta = _tree.Apply(Span(id: "b", metadata: ImmutableDictionary<string, string>.Empty.Add("x", "1").Add("y", "2")), 2, limits);
        var big = _tree.Apply(Span(id: "b", attributes: ImmutableDictionary<string, string>.Empty.Add("prompt", new string('é', 9))), 3, limits);
        Assert.Null(_tree.Apply(Span(id: "b"), 4, limits));
        var third = _tree.Apply(Span(id: "c"), 5, limits);

        Assert.Equal(RejectionReason.TooManyAttributes, attrs?.Reason);
        Assert.Equal(RejectionReason.TooManyMetadataEntries, meta?.Reason);
        Assert.Equal(RejectionReason.AttributeValueTooLarge, big?.Reason);
        Assert.Equal("attributes.prompt: 18 bytes, the limit is 16", big?.Message);
        Assert.Equal(RejectionReason.TooManySpansInTrace, third?.Reason);
        Assert.Equal(2, _tree.SpanCount);
        // A merge that adds a span id already present is not a new span, so it passes the span limit.
        Assert.Null(_tree.Apply(Span(id: "a", endMs: 500), 6, limits));
    }

    [Fact]
    public void PutFeedback_WeightedMeanAndReplacement()
    {
        Add(Span(id: "a"));
        var now = T0;
        var f1 = new FeedbackRecord(Guid.NewGuid(), 10, 1.0, ImmutableDictionary<string, string>.Empty, now, now);
        var f2 = new FeedbackRecord(Guid.NewGuid(), -5, 0.5, ImmutableDictionary<string, string>.Empty, now, now);
        Assert.True(_tree.PutFeedback(f1, 10));
        Assert.True(_tree.PutFeedback(f2, 10));
        Assert.Equal(5.0, _tree.Summary().FeedbackScore!.Value, 10); // (10*1 - 5*0.5) / 1.5
        Assert.True(_tree.PutFeedback(f2 with { Value = 10 }, 10));
        Assert.Equal(2, _tree.Summary().FeedbackCount);
        Assert.Equal(10.0, _tree.Summary().FeedbackScore!.Value, 10);
        Assert.False(_tree.PutFeedback(f1 with { Id = Guid.NewGuid() }, 2));
    }

    [Fact]
    public void Apply_SpanOfAnotherTrace_IsRejected()
    {
        var rejection = _tree.Apply(Span(trace: "other", id: "a"), 0, Limits);
        Assert.Equal(RejectionReason.WrongTrace, rejection?.Reason);
    }
}
