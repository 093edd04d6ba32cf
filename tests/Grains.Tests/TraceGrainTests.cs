using System.Collections.Immutable;
using TraceGrains.TestSupport;
using static TraceGrains.TestSupport.Spans;

namespace TraceGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TraceGrainTests(ClusterFixture fixture)
{
    private static ImmutableDictionary<string, string> Prompt(int bytes) =>
        ImmutableDictionary<string, string>.Empty.Add("input", new string('p', bytes));

    private ITraceGrain Grain(string traceId) => fixture.Grains.GetGrain<ITraceGrain>(new TraceKey("default", traceId).GrainKey);

    [Fact]
    public async Task AddSpans_AcrossSnapshots_ReactivatesWithIdenticalTree()
    {
        var trace = NewId();
        var grain = Grain(trace);
        for (var batch = 0; batch < 30; batch++)
        {
            var spans = Enumerable.Range(0, 10).Select(i => Span(trace, $"s{batch}-{i}", parent: batch == 0 ? null : "s0-0",
                cost: 0.001m, input: 10, output: 3, startMs: batch * 10 + i, endMs: batch * 10 + i + 50, attributes: Prompt(200)));
            var result = await grain.AddSpansAsync([.. spans.Where(s => s.SpanId != "s0-0" || batch == 0)]);
            Assert.Empty(result.Rejected);
        }
        var before = await grain.GetTraceAsync();

        await fixture.DeactivateAllAsync();
        var requestsBefore = fixture.Counters.Requests;
        var after = await Grain(trace).GetTraceAsync();

        Assert.True(fixture.Counters.Requests > requestsBefore, "the trace should have been reloaded from storage");
        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.Equal(300, after.Summary.SpanCount);
        Assert.Equal(0.3m, after.Summary.TotalCostUsd);
        Assert.Equal(before.Summary, after.Summary with { Models = before.Summary.Models });
        Assert.Equal(before.Spans.Select(s => (s.Span.SpanId, s.Subtree)), after.Spans.Select(s => (s.Span.SpanId, s.Subtree)));

        // Older journal generations are retired once a snapshot covers them.
        var journals = new List<string>();
        await foreach (var blob in fixture.Blobs.Container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"journal/default/{trace}/", CancellationToken.None)) journals.Add(blob.Name);
        Assert.True(journals.Count <= 1, $"journal generations left: {string.Join(", ", journals)}");
    }

    [Fact]
    public async Task AddSpans_ConcurrentCallsOnOneTrace_ShareAppends()
    {
        var trace = NewId();
        var grain = Grain(trace);
        await grain.AddSpansAsync([Span(trace, "root")]);
        var requestsBefore = fixture.Counters.Requests;

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => grain.AddSpansAsync([Span(trace, $"c{i}", parent: "root")])));

        var requests = fixture.Counters.Requests - requestsBefore;
        Assert.All(results, r => Assert.Equal(1, r.Accepted));
        Assert.True(requests < 25, $"50 concurrent calls made {requests} storage requests");
        Assert.Equal(51, (await grain.GetSummaryAsync())!.SpanCount);
    }

    [Fact]
    public async Task AddSpans_SameBatchTwice_CountsOnce()
    {
        var trace = NewId();
        var grain = Grain(trace);
        ImmutableArray<SpanRecord> batch = [Span(trace, "a", cost: 0.5m, input: 100), Span(trace, "b", parent: "a", cost: 0.25m, output: 7)];

        await grain.AddSpansAsync(batch);
        await grain.AddSpansAsync(batch);
        await fixture.DeactivateAllAsync();
        var summary = await Grain(trace).GetSummaryAsync();

        Assert.Equal(2, summary!.SpanCount);
        Assert.Equal(0.75m, summary.TotalCostUsd);
        Assert.Equal(107, summary.TotalTokens);
    }

    [Fact]
    public async Task AddSpans_BatchWithCycle_RejectsOnlyTheBadSpans()
    {
        var trace = NewId();
        var result = await Grain(trace).AddSpansAsync(
            [Span(trace, "a", parent: "c"), Span(trace, "b", parent: "a"), Span(trace, "self", parent: "self"), Span(trace, "c", parent: "b")]);

        Assert.Equal(2, result.Accepted);
        Assert.Equal([(2, RejectionReason.SelfParent), (3, RejectionReason.ParentCycle)], result.Rejected.Select(r => (r.Index, r.Reason)));
        Assert.Equal(2, (await Grain(trace).GetSummaryAsync())!.SpanCount);
    }

    [Fact]
    public async Task Feedback_AddAndUpdate_SurviveReactivation()
    {
        var trace = NewId();
        var grain = Grain(trace);
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(FeedbackOutcome.TraceNotFound,
            await grain.AddFeedbackAsync(new FeedbackRecord(id, 1, 1, ImmutableDictionary<string, string>.Empty, now, now)));
        await grain.AddSpansAsync([Span(trace, "a")]);

        Assert.Equal(FeedbackOutcome.Saved, await grain.AddFeedbackAsync(new FeedbackRecord(id, 4, 1, ImmutableDictionary<string, string>.Empty, now, now)));
        Assert.Equal(FeedbackOutcome.Saved, await grain.UpdateFeedbackAsync(new FeedbackUpdate(id, -2, 0.5, null)));
        Assert.Equal(FeedbackOutcome.FeedbackNotFound, await grain.UpdateFeedbackAsync(new FeedbackUpdate(Guid.NewGuid(), 1, null, null)));
        await fixture.DeactivateAllAsync();

        var details = await Grain(trace).GetTraceAsync();
        var feedback = Assert.Single(details!.Feedback);
        Assert.Equal((-2, 0.5), (feedback.Value, feedback.Weight));
        Assert.Equal(-2.0, details.Summary.FeedbackScore);
    }

    [Fact]
    public async Task GetTrace_UnknownTrace_IsNull()
    {
        Assert.Null(await Grain(NewId()).GetTraceAsync());
    }
}
