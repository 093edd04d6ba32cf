using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TraceGrains.Grains.Index;
using TraceGrains.Index;

namespace TraceGrains.Grains.Tests;

public sealed class IndexOutboxTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    // Post and Take never call a grain; the factory is only used when a round is sent.
    private static IndexOutbox Make(int max) =>
        new(null!, Options.Create(new IndexOptions { MaxPendingEntries = max }), TimeProvider.System, NullLogger<IndexOutbox>.Instance);

    private static TraceIndexEntry Entry(string traceId, int spans, DateTimeOffset lastSeen) =>
        new(traceId, T0, T0, T0, 0, 0m, 0, 0, 0, spans, 0, 0, null, [], [], [], [], null, T0, lastSeen);

    [Fact]
    public void A_later_entry_of_the_same_trace_replaces_the_earlier_one()
    {
        var outbox = Make(10);
        outbox.Post("w/0/1", Entry("t1", 1, T0));
        outbox.Post("w/0/1", Entry("t1", 5, T0.AddSeconds(1)));
        outbox.Post("w/0/1", Entry("t1", 3, T0.AddMilliseconds(500))); // older: ignored
        Assert.Equal(1, outbox.Pending);
        Assert.Equal(5, outbox.Take("w/0/1", "t1")!.SpanCount);
        Assert.Equal(0, outbox.Pending);
        Assert.Null(outbox.Take("w/0/1", "t1"));
    }

    [Fact]
    public void Past_MaxPendingEntries_new_traces_are_dropped_but_held_ones_still_update()
    {
        var outbox = Make(2);
        outbox.Post("w/0/1", Entry("t1", 1, T0));
        outbox.Post("w/0/2", Entry("t2", 1, T0));
        outbox.Post("w/0/1", Entry("t3", 1, T0));                       // over the limit: dropped
        outbox.Post("w/0/2", Entry("t2", 9, T0.AddSeconds(1)));         // held: updated
        Assert.Equal(2, outbox.Pending);
        Assert.Null(outbox.Take("w/0/1", "t3"));
        Assert.Equal(9, outbox.Take("w/0/2", "t2")!.SpanCount);
        outbox.Post("w/0/1", Entry("t3", 1, T0));                       // room again
        Assert.Equal(2, outbox.Pending);
    }
}
